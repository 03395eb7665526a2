//! Surface forms: the strings a text may use for a country.

use super::CountryId;

/// What kind of surface form a string is.
///
/// ```
/// use geomention::gazetteer::FormKind;
/// assert_eq!(FormKind::parse("demonym"), Some(FormKind::Demonym));
/// assert_eq!(FormKind::Demonym.as_str(), "demonym");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum FormKind {
    /// A country's name, short or official ("Myanmar", "Kingdom of Cambodia").
    Name,
    /// Another name, abbreviation or former name ("Burma", "DRC", "U.S.").
    Alias,
    /// A nationality noun or adjective ("Cambodian", "Filipinos", "Irish").
    Demonym,
    /// A phrase naming a world region ("Southeast Asia", "Pacific islands").
    RegionPhrase,
    /// A phrase that contains a country form but names something else
    /// ("Indian Ocean", "Port Sudan", "guinea pig"); matched only to be ignored.
    Block,
}

impl FormKind {
    /// Every kind, in declaration order (`kind as usize` indexes it).
    pub(crate) const ALL: [FormKind; 5] = [
        FormKind::Name,
        FormKind::Alias,
        FormKind::Demonym,
        FormKind::RegionPhrase,
        FormKind::Block,
    ];

    /// Parses the kind column of `names.tsv`.
    pub fn parse(s: &str) -> Option<FormKind> {
        Some(match s {
            "name" => FormKind::Name,
            "alias" => FormKind::Alias,
            "demonym" => FormKind::Demonym,
            "region" => FormKind::RegionPhrase,
            "block" => FormKind::Block,
            _ => return None,
        })
    }

    /// The name used in data files and CSV/JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Name => "name",
            FormKind::Alias => "alias",
            FormKind::Demonym => "demonym",
            FormKind::RegionPhrase => "region",
            FormKind::Block => "block",
        }
    }
}

/// Readings of a form other than the country, which the mention rules check.
///
/// ```
/// use geomention::gazetteer::FormFlags;
/// let f = FormFlags::parse("person,us-place").unwrap();
/// assert!(f.person && f.us_place && !f.exact_case);
/// assert!(FormFlags::parse("persn").is_err());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FormFlags {
    /// Counts only when written in exactly this case ("US", not "Us").
    pub exact_case: bool,
    /// Also a common personal name ("Jordan", "Chad").
    pub person: bool,
    /// Also a US state or place ("Georgia").
    pub us_place: bool,
    /// Lowercased, an ordinary English word ("turkey", "china").
    pub common_word: bool,
    /// Names one of several countries and counts only when the document
    /// says which ("ROC": Taiwan beside China, the Republic of the Congo
    /// beside its neighbours); without it the first country listed is the
    /// default.
    pub needs_context: bool,
}

impl FormFlags {
    /// Parses a comma-separated flag list; the error names the unknown flag.
    pub fn parse(s: &str) -> Result<FormFlags, String> {
        let mut f = FormFlags::default();
        for flag in s.split(',').map(str::trim).filter(|x| !x.is_empty()) {
            match flag {
                "exact-case" => f.exact_case = true,
                "person" => f.person = true,
                "us-place" => f.us_place = true,
                "common-word" => f.common_word = true,
                "needs-context" => f.needs_context = true,
                other => {
                    return Err(format!(
                    "unknown flag {other:?} (expected exact-case, person, us-place, common-word or needs-context)"
                ))
                }
            }
        }
        Ok(f)
    }

    /// Whether any flag asks for a context check.
    pub fn is_ambiguous(&self) -> bool {
        self.person || self.us_place || self.common_word
    }

    pub(crate) fn union(self, o: FormFlags) -> FormFlags {
        FormFlags {
            exact_case: self.exact_case || o.exact_case,
            person: self.person || o.person,
            us_place: self.us_place || o.us_place,
            common_word: self.common_word || o.common_word,
            needs_context: self.needs_context || o.needs_context,
        }
    }
}

/// One string that names a country (or, for [`FormKind::Block`], nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForm {
    /// The country named; `None` for block phrases. When the same text
    /// names several countries this is the first listed (the default).
    pub country: Option<CountryId>,
    /// Other countries the same text names ("Dominican": the Dominican
    /// Republic, or Dominica); the document decides between them.
    pub alternatives: Vec<CountryId>,
    /// Further countries the text names at the same time (Chinese 中缅,
    /// "China-Myanmar", names both): each is counted.
    pub also: Vec<CountryId>,
    /// What kind of form this is.
    pub kind: FormKind,
    /// The form as written in the data ("Burma", "U.S.").
    pub text: String,
    /// Context checks this form needs.
    pub flags: FormFlags,
}
