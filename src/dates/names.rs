//! Month names and the words passed over in dates, lower case, in the
//! languages of the reports geomention reads most: English, French,
//! Spanish, Portuguese, German, Italian, Dutch, Indonesian and Malay.

/// Month names and abbreviations; each word names one month only.
const MONTHS: [&[&str]; 12] = [
    &[
        "january", "jan", "janvier", "janv", "enero", "ene", "janeiro", "januar", "jänner",
        "gennaio", "gen", "januari",
    ],
    &[
        "february",
        "feb",
        "febr",
        "février",
        "fevrier",
        "févr",
        "fév",
        "fev",
        "febrero",
        "fevereiro",
        "februar",
        "febbraio",
        "februari",
        "pebruari",
    ],
    &[
        "march", "mar", "mars", "marzo", "março", "marco", "märz", "maerz", "mär", "mrz", "maart",
        "mrt", "maret", "mac",
    ],
    &["april", "apr", "avril", "avr", "abril", "abr", "aprile"],
    &["may", "mai", "mayo", "maio", "maggio", "mag", "mei"],
    &[
        "june", "jun", "juin", "junio", "junho", "juni", "giugno", "giu",
    ],
    &[
        "july", "jul", "juillet", "juil", "julio", "julho", "juli", "luglio", "lug", "julai",
    ],
    &[
        "august", "aug", "août", "aout", "agosto", "ago", "augustus", "agustus", "ogos", "ags",
    ],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setiembre",
        "setembro",
        "set",
        "settembre",
        "sett",
    ],
    &[
        "october", "oct", "octobre", "octubre", "outubro", "out", "oktober", "okt", "ottobre",
        "ott",
    ],
    &[
        "november",
        "nov",
        "novembre",
        "noviembre",
        "novembro",
        "nopember",
    ],
    &[
        "december",
        "dec",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dic",
        "dezembro",
        "dez",
        "dezember",
        "dicembre",
        "desember",
        "disember",
        "des",
    ],
];

/// Words a date may hold besides its numbers and month: week days, joining
/// words, time zone names and the like.
const FILLERS: &[&str] = &[
    // English
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "of",
    "the",
    "on",
    "at",
    // French
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "le",
    // Spanish and Portuguese
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado",
    "domingo",
    "segunda",
    "terça",
    "terca",
    "quarta",
    "quinta",
    "sexta",
    "feira",
    "de",
    "del",
    // German
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "den",
    "am",
    // Italian
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "il",
    // Dutch
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    // Indonesian and Malay
    "senin",
    "isnin",
    "selasa",
    "rabu",
    "kamis",
    "khamis",
    "jumat",
    "jumaat",
    "sabtu",
    "minggu",
    "ahad",
    "tanggal",
    // Time zones and times of day
    "gmt",
    "utc",
    "z",
    "am",
    "pm",
    "a",
    "m",
    "p",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "cet",
    "cest",
    "bst",
    "wib",
    "ict",
    "sgt",
    "hkt",
    "jst",
    "kst",
    "aest",
    "eat",
    "wat",
    "cat",
    "sast",
];

/// The month (1–12) a lower-case word names.
pub(super) fn month(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u8 + 1)
}

/// Whether a lower-case word can be passed over in a date.
pub(super) fn is_filler(word: &str) -> bool {
    FILLERS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_word_names_two_months_or_is_both_month_and_filler() {
        let mut seen = std::collections::HashMap::new();
        for (i, names) in MONTHS.iter().enumerate() {
            for n in *names {
                if let Some(j) = seen.insert(*n, i) {
                    assert_eq!(i, j, "{n} names two months");
                }
                assert!(!is_filler(n), "{n} is a month and a filler");
            }
        }
    }
}
