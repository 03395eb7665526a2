//! One matcher: the automata over every spelling of every form of one
//! language (English, or another language together with English), and the
//! pass that finds and reads candidates in a piece of text.

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::context::{self, Reading};
use super::language::Language;
use super::settle::{self, Contest};
use super::{rules, script, Candidate, Evidence, Mention, Pending, Target};
use crate::gazetteer::{FormFlags, FormKind, Gazetteer, NameForm};
use crate::regions::RegionSet;

/// Form ids carry their matcher's number in their top bits.
pub(super) const FORM_BITS: u32 = 24;

/// The longest spelling any matcher takes, in bytes: how far a match may
/// run past the end of the piece it starts in.
pub(super) const LONGEST_FORM: usize = 320;

#[derive(Debug, Clone)]
struct Pattern {
    target: Option<Target>,
    /// Further countries a compound names (中缅: China and Myanmar).
    also: Vec<Target>,
    kind: FormKind,
    flags: FormFlags,
    /// The spelling searched for (emptied once the automata are built).
    text: String,
    /// Its form's id (matcher number and index into `canonical`).
    form: u32,
    /// Whether this spelling keeps the form's capitals ("Turkey", not the
    /// lower-case "turkey" that is matched only to be seen).
    fits_case: bool,
    /// Index into `contests` when the text names several countries.
    contest: Option<u32>,
    /// A US city name: matched only as evidence for state names.
    us_city: bool,
}

/// Finds and reads the forms of one language in text.
pub(super) struct Matcher {
    language: Language,
    /// English: the spellings that start with anything but a lower-case
    /// ASCII letter (nearly all), tried at word starts only. Other
    /// languages: every spelling, tried where a word may start.
    anchored: Automaton,
    /// English: the few spellings that start with a lower-case letter
    /// ("sub-Saharan Africa", "turkey"), searched everywhere.
    lowercase: Option<Automaton>,
    /// Which bytes start a spelling of `anchored`.
    starts: [bool; 256],
    /// Whether every such byte is an ASCII capital or a non-ASCII byte, so
    /// that eight bytes at a time can be skipped when none is one.
    capitals_only: bool,
    patterns: Vec<Pattern>,
    canonical: Vec<String>,
    contests: Vec<Contest>,
    /// The contest of each form (by form index), if it names several countries.
    form_contest: Vec<Option<u32>>,
}

/// An automaton over some of the patterns, and which pattern each of its
/// own pattern ids is.
struct Automaton {
    search: AhoCorasick,
    pattern: Vec<usize>,
    anchored: bool,
}

impl Automaton {
    fn new(
        patterns: &[Pattern],
        select: impl Fn(&Pattern) -> bool,
        anchored: bool,
        kind: AhoCorasickKind,
    ) -> Automaton {
        let pattern: Vec<usize> = (0..patterns.len())
            .filter(|i| select(&patterns[*i]))
            .collect();
        let search = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .start_kind(if anchored {
                StartKind::Anchored
            } else {
                StartKind::Unanchored
            })
            .build(pattern.iter().map(|i| patterns[*i].text.as_bytes()))
            .expect("gazetteer forms build an automaton");
        Automaton {
            search,
            pattern,
            anchored,
        }
    }

    /// The longest match at or after `from` (exactly at `from` if anchored),
    /// as (start, end, pattern index).
    fn find(&self, haystack: &[u8], from: usize) -> Option<(usize, usize, usize)> {
        let input = Input::new(haystack)
            .range(from..)
            .anchored(if self.anchored {
                Anchored::Yes
            } else {
                Anchored::No
            });
        self.search
            .find(input)
            .map(|m| (m.start(), m.end(), self.pattern[m.pattern().as_usize()]))
    }

    fn memory_usage(&self) -> usize {
        self.search.memory_usage()
    }
}

fn starts_lowercase(p: &Pattern) -> bool {
    p.text.as_bytes()[0].is_ascii_lowercase()
}

/// What a reading in context leaves for the document to decide; `None`
/// for another reading (not a mention).
fn pending_of(reading: Reading, flags: FormFlags) -> Option<Pending> {
    match reading {
        Reading::Country => Some(Pending::Settled),
        Reading::Other => None,
        Reading::Unsure => Some(Pending::Unsure {
            us_place: flags.us_place,
        }),
        Reading::NeedsEvidence => Some(Pending::NeedsEvidence),
    }
}

/// Collects the spellings of every form, numbering forms as it goes.
struct PatternBuilder {
    language: Language,
    /// The matcher's number, the top bits of its form ids.
    number: u32,
    patterns: Vec<Pattern>,
    canonical: Vec<String>,
    contests: Vec<Contest>,
    form_contest: Vec<Option<u32>>,
    /// The next forms are US city names.
    us_city: bool,
}

impl PatternBuilder {
    fn new(language: Language) -> PatternBuilder {
        PatternBuilder {
            language,
            number: language.index() as u32,
            patterns: Vec::new(),
            canonical: Vec::new(),
            contests: Vec::new(),
            form_contest: Vec::new(),
            us_city: false,
        }
    }

    fn region_phrases(&mut self, regions: &RegionSet) {
        for (i, region) in regions.regions().iter().enumerate() {
            for phrase in &region.phrases {
                self.region_phrase(i, phrase);
            }
        }
    }

    /// A phrase naming the region at position `i` of the region set.
    fn region_phrase(&mut self, i: usize, phrase: &str) {
        let target = Some(Target::Region(i as u16));
        let flags = FormFlags::default();
        self.add(
            target,
            &[],
            FormKind::RegionPhrase,
            flags,
            phrase,
            false,
            None,
        );
    }

    /// The gazetteer's forms: names, aliases, demonyms, blocks.
    fn forms(&mut self, forms: &[NameForm]) {
        // Lower-case spellings are searched apart from the rest in English,
        // and cheaply only while they are few (a SIMD prefilter takes up to
        // 64): those of ambiguous forms ("turkey"), and of the common-noun
        // block phrases that hide one ("guinea pig").
        let ambiguous: HashSet<String> = forms
            .iter()
            .filter(|f| f.flags.common_word)
            .map(|f| f.text.to_lowercase())
            .collect();
        for form in forms {
            let lower = form.text.to_lowercase();
            // A common-noun phrase ("Guinea pig", not "Gulf of Guinea") that
            // holds an ambiguous word.
            let hides_ambiguous = || {
                let common_noun = form.text.split(' ').skip(1).any(|w| {
                    w.starts_with(|c: char| c.is_lowercase()) && !matches!(w, "of" | "the" | "and")
                });
                common_noun
                    && lower
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| ambiguous.contains(w))
            };
            // A lower-case spelling is another reading only for common words
            // ("turkey"); "jordan" in lower case is a typo, not a person.
            let lower_too =
                form.flags.common_word || (form.kind == FormKind::Block && hides_ambiguous());
            let contest = (!form.alternatives.is_empty()).then(|| Contest {
                targets: form
                    .country
                    .into_iter()
                    .chain(form.alternatives.iter().copied())
                    .collect(),
                has_default: !form.flags.needs_context,
            });
            let also: Vec<Target> = form.also.iter().map(|c| Target::Country(*c)).collect();
            self.add(
                form.country.map(Target::Country),
                &also,
                form.kind,
                form.flags,
                &form.text,
                lower_too,
                contest,
            );
        }
    }

    fn us_cities(&mut self) {
        self.us_city = true;
        for city in context::US_CITIES {
            self.add(
                None,
                &[],
                FormKind::Block,
                FormFlags::default(),
                city,
                false,
                None,
            );
        }
        self.us_city = false;
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        target: Option<Target>,
        also: &[Target],
        kind: FormKind,
        flags: FormFlags,
        text: &str,
        lower_too: bool,
        contest: Option<Contest>,
    ) {
        if text.trim().is_empty() || text.len() > LONGEST_FORM {
            return;
        }
        let form = (self.number << FORM_BITS) | self.canonical.len() as u32;
        self.canonical.push(text.to_string());
        let contest = contest.map(|c| {
            self.contests.push(c);
            (self.contests.len() - 1) as u32
        });
        self.form_contest.push(contest);
        let straight = |s: &str| s.replace('\u{2019}', "'");
        for variant in spellings(text, flags, lower_too, self.language) {
            let fits_case = context::case_fits(
                straight(text).as_bytes(),
                straight(&variant).as_bytes(),
                flags,
            );
            self.patterns.push(Pattern {
                target,
                also: also.to_vec(),
                kind,
                flags,
                text: variant,
                form,
                fits_case,
                contest,
                us_city: self.us_city,
            });
        }
    }
}

impl Matcher {
    /// The English matcher: English forms and the region set's phrases.
    pub(super) fn english(gaz: &Gazetteer, regions: &RegionSet) -> Matcher {
        let mut b = PatternBuilder::new(Language::ENGLISH);
        b.region_phrases(regions);
        b.forms(gaz.forms());
        b.us_cities();
        Matcher::build(b)
    }

    /// The matcher of another language: its own forms and region phrases
    /// first, then English's (names written the English way in a French
    /// text still count; where a text is both, the language's reading wins).
    pub(super) fn language(language: Language, gaz: &Gazetteer, regions: &RegionSet) -> Matcher {
        let mut b = PatternBuilder::new(language);
        b.region_phrases(regions);
        let tags = std::iter::once(language.tag()).chain(sibling(language.tag()));
        let own: Vec<&crate::gazetteer::LanguageForms> =
            tags.map(|t| gaz.language_forms(t)).collect();
        for (id, phrase) in own.iter().flat_map(|f| &f.regions) {
            if let Some(i) = regions.position(id) {
                b.region_phrase(i, phrase);
            }
        }
        // A name that is also a person's in English ("Jordan", "Chad",
        // "Israel") is one in other languages too.
        let english: std::collections::HashMap<&str, FormFlags> = gaz
            .forms()
            .iter()
            .map(|f| (f.text.as_str(), f.flags))
            .collect();
        for forms in own {
            let with_people: Vec<NameForm> = forms
                .forms
                .iter()
                .map(|f| {
                    let mut f = f.clone();
                    if let Some(e) = english.get(f.text.as_str()) {
                        f.flags.person |= e.person;
                        f.flags.us_place |= e.us_place;
                    }
                    f
                })
                .collect();
            b.forms(&with_people);
        }
        b.forms(gaz.forms());
        b.us_cities();
        Matcher::build(b)
    }

    fn build(b: PatternBuilder) -> Matcher {
        let PatternBuilder {
            language,
            mut patterns,
            canonical,
            contests,
            form_contest,
            ..
        } = b;
        // A text can be matched by one pattern only: the first listed wins,
        // so region phrases come first and the automaton sees no duplicates.
        let mut seen = HashSet::new();
        patterns.retain(|p| seen.insert(p.text.clone()));
        let english = language == Language::ENGLISH;
        let anchored_pattern = |p: &Pattern| !english || !starts_lowercase(p);
        let mut starts = [false; 256];
        for p in patterns.iter().filter(|p| anchored_pattern(p)) {
            starts[usize::from(p.text.as_bytes()[0])] = true;
        }
        // A DFA is fastest, and English, searched in most documents, gets
        // one (~10 MiB). Other languages, with their own spellings plus
        // English's, get a contiguous NFA: nearly as fast, a tenth of the
        // memory and of the build time.
        let kind = if english {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        let capitals_only = (0..=255u8)
            .filter(|b| starts[usize::from(*b)])
            .all(|b| b.is_ascii_uppercase() || b >= 0x80);
        let anchored = Automaton::new(&patterns, anchored_pattern, true, kind);
        let lowercase = english
            .then(|| Automaton::new(&patterns, starts_lowercase, false, AhoCorasickKind::DFA));
        // The automata hold the spellings now: a language's thousands of
        // strings need not stay in memory too.
        for p in &mut patterns {
            p.text = String::new();
        }
        patterns.shrink_to_fit();
        Matcher {
            language,
            capitals_only,
            anchored,
            lowercase,
            starts,
            patterns,
            canonical,
            contests,
            form_contest,
        }
    }

    /// Heap memory of the automata, in bytes.
    pub(super) fn memory_usage(&self) -> usize {
        self.anchored.memory_usage() + self.lowercase.as_ref().map_or(0, Automaton::memory_usage)
    }

    /// Number of spellings searched for.
    pub(super) fn spellings(&self) -> usize {
        self.patterns.len()
    }

    /// The first position in `from..to` where a spelling could start.
    /// `before` is the text before the haystack. In English only a letter
    /// before rules a position out (digits do not glue: "Kenya2nd"); in
    /// other languages the script decides ([`script::may_start`]). The full
    /// check comes after a match.
    fn next_start(&self, hay: &[u8], before: &str, from: usize, to: usize) -> Option<usize> {
        let mut i = from;
        while i < to {
            if self.capitals_only {
                i += skip_lowercase(&hay[i..to]);
            }
            i += hay[i..to]
                .iter()
                .position(|b| self.starts[usize::from(*b)])?;

            if self.language == Language::ENGLISH {
                let prev = if i == 0 {
                    before.as_bytes().last().copied()
                } else {
                    Some(hay[i - 1])
                };
                if !prev.is_some_and(|b| b.is_ascii_alphabetic()) {
                    return Some(i);
                }
            } else if let Some(starts) = ascii_word_start(hay, before, i) {
                // Most text in most languages is ASCII: no decoding.
                if starts {
                    return Some(i);
                }
            } else if hay[i] & 0xC0 != 0x80 {
                let c = char_at(hay, i);
                let prev = if i == 0 {
                    before.chars().next_back()
                } else {
                    char_before(hay, i)
                };
                if script::may_start(prev, c) {
                    return Some(i);
                }
            }
            i += 1;
        }
        None
    }

    /// One pass over `text[range]`; see [`super::Extractor::scan`].
    pub(super) fn scan(
        &self,
        text: &str,
        range: Range<usize>,
        out: &mut Vec<Candidate>,
        evidence: &mut Evidence,
    ) -> usize {
        let hay_end_char = crate::encoding::floor_char_boundary(text, range.end + 2 * LONGEST_FORM);
        let join_unspaced = self.language != Language::ENGLISH;
        let haystack = Haystack::new(&text.as_bytes()[range.start..hay_end_char], join_unspaced);
        let hay = &*haystack.bytes;
        let before = &text[..range.start];
        // Haystack offsets at or past `stop` are outside the range.
        let stop = haystack.offset_of(range.end - range.start);
        // Everything before `pos` is consumed. Spellings are tried at each
        // possible start; English lower-case ones come from their own
        // search, kept one match ahead.
        let mut pos = 0;
        let lower_search = |from: usize| self.lowercase.as_ref().and_then(|l| l.find(hay, from));
        let mut lower = lower_search(0);
        loop {
            if lower.is_some_and(|(start, _, _)| start < pos) {
                lower = lower_search(pos);
            }
            let limit = lower.map_or(hay.len(), |(start, _, _)| start).min(stop);
            let word_start = self.next_start(hay, before, pos, limit);
            let (hs, he, index) = match word_start {
                Some(i) => match self.anchored.find(hay, i) {
                    Some(m) => m,
                    None => {
                        pos = i + 1;
                        continue;
                    }
                },
                None => match lower.filter(|(start, _, _)| *start < stop) {
                    Some(m) => m,
                    None => break,
                },
            };
            let (start, end) = haystack.span_in_text(hs, he);
            let (start, end) = (start + range.start, end + range.start);
            let pattern = &self.patterns[index];
            if !self.fits(pattern, text, start, end) {
                // The longest form did not fit ("Omanis" holds no
                // "Omani"): a shorter one inside it still may.
                pos = hs + 1;
                continue;
            }
            pos = he.max(hs + 1);
            self.judge(pattern, text, start, end, out, evidence);
        }
        let consumed = haystack.span_in_text(pos.max(stop), pos.max(stop)).0;
        range.start + consumed.min(text.len() - range.start)
    }

    /// Whether a matched spelling stands as a word of the right case.
    fn fits(&self, pattern: &Pattern, text: &str, start: usize, end: usize) -> bool {
        let code = pattern.flags.exact_case;
        let word = if self.language != Language::ENGLISH {
            // A block phrase still names its thing when more letters follow
            // ("মার্কিন ডলারভিত্তিক", US-dollar-based).
            let end_checked = if pattern.target.is_none() { start } else { end };
            script::fits(text, start, end, code)
                || (end_checked == start && script::fits_start(text, start, end, code))
        } else if code {
            context::is_code_word(text, start, end)
        } else {
            context::is_word(text, start, end)
        };
        word && (pattern.fits_case || pattern.flags.is_ambiguous())
    }

    /// Reads one match that fits: records its candidates and what it says
    /// of the document.
    fn judge(
        &self,
        pattern: &Pattern,
        text: &str,
        start: usize,
        end: usize,
        out: &mut Vec<Candidate>,
        evidence: &mut Evidence,
    ) {
        if pattern.us_city {
            evidence.us_city = true;
            return;
        }
        let Some(target) = pattern.target else {
            return; // a block phrase: consumed, never reported
        };
        let english = self.language == Language::ENGLISH;
        let language_use = || {
            if english {
                context::is_language_use(text, start, end)
            } else {
                rules::is_language_use(self.language, text, start, end)
            }
        };
        if pattern.kind == FormKind::Demonym && language_use() {
            return;
        }
        let pending = if pattern.contest.is_some() {
            Some(Pending::Contested)
        } else if !pattern.flags.is_ambiguous() {
            evidence.plain.insert(target);
            for t in &pattern.also {
                evidence.plain.insert(*t);
            }
            Some(Pending::Settled)
        } else if !pattern.fits_case {
            None // "turkey", "chad": the common word
        } else if english {
            pending_of(
                context::read(text, start, end, pattern.flags),
                pattern.flags,
            )
        } else {
            let reading = match rules::read(self.language, text, start, end, pattern.flags) {
                Reading::NeedsEvidence if self.in_list_of_countries(text, start, end) => {
                    Reading::Country
                }
                reading => reading,
            };
            pending_of(reading, pattern.flags)
        };
        let Some(pending) = pending else {
            evidence.other_forms.insert(pattern.form);
            return;
        };
        if pending == Pending::Settled && pattern.flags.is_ambiguous() {
            evidence.read_as_country.insert(target);
        }
        for target in std::iter::once(target).chain(pattern.also.iter().copied()) {
            let mention = Mention::from_parts(start, end, target, pattern.kind, pattern.form);
            out.push(Candidate { mention, pending });
        }
    }

    /// Whether a name stands in a list of country names ("피지, 팔라우,
    /// 통가", "Lào-Thái"): the plain name of a country right before or after
    /// it, across a comma, a middle dot, a hyphen or a space. Looks at a
    /// few dozen bytes only.
    fn in_list_of_countries(&self, text: &str, start: usize, end: usize) -> bool {
        const SEPARATORS: &[char] = &[',', '、', '，', '·', '・', '/', '-', '–', ' ', '\u{a0}'];
        // Between words of a spaced script a space alone is no list ("भारतीय
        // चीनी", Indian sugar); without spaces it is how lists are written.
        let unspaced = text[start..end]
            .chars()
            .next()
            .is_some_and(script::unspaced);
        let list_gap = |gap: &str| {
            (1..=4).contains(&gap.len()) && (unspaced || gap.chars().any(|c| !c.is_whitespace()))
        };
        let plain_country =
            |p: &Pattern| matches!(p.target, Some(Target::Country(_))) && !p.flags.is_ambiguous();
        let after = &text[end..];
        let gap = &after[..after.len() - after.trim_start_matches(SEPARATORS).len()];
        if list_gap(gap) {
            let at = end + gap.len();
            if let Some((_, e, i)) = self.anchored.find(text.as_bytes(), at) {
                if plain_country(&self.patterns[i]) && script::fits(text, at, e, false) {
                    return true;
                }
            }
        }
        let before = &text[..start];
        let trimmed = before.trim_end_matches(SEPARATORS);
        if !list_gap(&before[trimmed.len()..]) {
            return false;
        }
        let until = trimmed.len();
        (until.saturating_sub(96)..until)
            .filter(|i| text.is_char_boundary(*i))
            .any(|i| {
                self.anchored
                    .find(&text.as_bytes()[..until], i)
                    .is_some_and(|(s, e, p)| {
                        e == until
                            && plain_country(&self.patterns[p])
                            && script::fits(text, s, e, false)
                    })
            })
    }

    /// The mention a candidate of this matcher stands for, given its
    /// document's evidence.
    pub(super) fn settle(
        &self,
        candidate: &Candidate,
        evidence: &Evidence,
        continents: &[u16],
    ) -> Option<Mention> {
        let local = (candidate.mention.form() & ((1 << FORM_BITS) - 1)) as usize;
        let contest = self.form_contest[local].map(|i| &self.contests[i as usize]);
        settle::settle(candidate, evidence, contest, continents)
    }

    /// A form of this matcher, as the data writes it.
    pub(super) fn form(&self, form: u32) -> &str {
        &self.canonical[(form & ((1 << FORM_BITS) - 1)) as usize]
    }
}

/// A language whose forms a language's texts use too: Malay and
/// Indonesian, simplified and traditional Chinese (detection cannot always
/// tell them apart, and the press of one quotes the other).
fn sibling(tag: &str) -> Option<&'static str> {
    match tag {
        "id" => Some("ms"),
        "ms" => Some("id"),
        "zh-Hans" => Some("zh-Hant"),
        "zh-Hant" => Some("zh-Hans"),
        _ => None,
    }
}

/// Whether the line break at `bytes[from..to]` sits between two letters of
/// a script written without spaces.
fn splits_unspaced_word(bytes: &[u8], from: usize, to: usize) -> bool {
    let before = char_before(bytes, from);
    let after = (to < bytes.len() && bytes[to] & 0xC0 != 0x80).then(|| char_at(bytes, to));
    before.is_some_and(script::unspaced) && after.is_some_and(script::unspaced)
}

/// How many bytes at the start of `bytes` can be skipped eight at a time
/// because none of them is an ASCII capital or a non-ASCII byte (SWAR: one
/// 64-bit word per step instead of a table lookup per byte).
fn skip_lowercase(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut skipped = 0;
    for chunk in bytes.chunks_exact(8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Bytes in 0x41..=0x5A: above 0x40 and below 0x5B (for ASCII bytes;
        // non-ASCII ones are caught by their high bit).
        let low7 = x & !HIGH;
        let above = low7 + ONES * (0x7F - 0x40);
        let below = (ONES * (0x7F + 0x5B)) - low7;
        let capital = above & below & HIGH;
        if (capital | (x & HIGH)) != 0 {
            break;
        }
        skipped += 8;
    }
    skipped
}

/// The character that starts at byte `i` of UTF-8 `bytes`.
fn char_at(bytes: &[u8], i: usize) -> char {
    if bytes[i] < 0x80 {
        return char::from(bytes[i]);
    }
    let end = (i + 4).min(bytes.len());
    let mut j = i + 1;
    while j < end && bytes[j] & 0xC0 == 0x80 {
        j += 1;
    }
    decode(&bytes[i..j]).unwrap_or('\u{FFFD}')
}

/// The one character `bytes` hold, if they are its whole UTF-8 encoding
/// (hand-decoded: the haystack is valid UTF-8, and this runs at every
/// character of non-ASCII text).
fn decode(bytes: &[u8]) -> Option<char> {
    let cont = |b: u8| u32::from(b & 0x3F);
    let code = match *bytes {
        [a] if a < 0x80 => u32::from(a),
        [a, b] if a & 0xE0 == 0xC0 => (u32::from(a & 0x1F) << 6) | cont(b),
        [a, b, c] if a & 0xF0 == 0xE0 => (u32::from(a & 0x0F) << 12) | (cont(b) << 6) | cont(c),
        [a, b, c, d] if a & 0xF8 == 0xF0 => {
            (u32::from(a & 0x07) << 18) | (cont(b) << 12) | (cont(c) << 6) | cont(d)
        }
        _ => return None,
    };
    char::from_u32(code)
}

/// Whether an ASCII byte at `i` starts a word, when the byte before it
/// (or the end of `before`) is ASCII too; `None` when either is not, and
/// the characters must be decoded ([`script::may_start`] on ASCII).
fn ascii_word_start(hay: &[u8], before: &str, i: usize) -> Option<bool> {
    let prev = match i {
        0 => before.as_bytes().last().copied(),
        _ => Some(hay[i - 1]),
    };
    match prev {
        _ if hay[i] >= 0x80 => None,
        None => Some(true),
        Some(p) if p < 0x80 => Some(!(p.is_ascii_alphabetic() || p == b'_')),
        Some(_) => None,
    }
}

/// The character that ends just before byte `i` of UTF-8 `bytes`.
fn char_before(bytes: &[u8], i: usize) -> Option<char> {
    let mut j = i.checked_sub(1)?;
    if bytes[j] < 0x80 {
        return Some(char::from(bytes[j]));
    }
    while j > 0 && bytes[j] & 0xC0 == 0x80 && i - j < 4 {
        j -= 1;
    }
    decode(&bytes[j..i])
}

/// The bytes the automaton searches: the text with line breaks and tabs
/// as spaces, so that a name wrapped across lines ("Papua New\nGuinea",
/// common in text taken from PDF reports) still matches. The `\r` of a
/// CRLF pair is dropped, and its place remembered to map spans back.
struct Haystack<'t> {
    bytes: std::borrow::Cow<'t, [u8]>,
    /// Haystack offsets at which a `\r` was dropped, ascending.
    dropped: Vec<usize>,
}

impl<'t> Haystack<'t> {
    /// The haystack of `text`. With `join_unspaced`, a line break between
    /// two letters of a script written without spaces (Chinese, Thai...)
    /// is dropped rather than made a space: there it splits a word, as in
    /// "瓦努阿\n图" (Vanuatu) taken from a PDF.
    fn new(text: &'t [u8], join_unspaced: bool) -> Haystack<'t> {
        if memchr::memchr3(b'\n', b'\r', b'\t', text).is_none() {
            return Haystack {
                bytes: std::borrow::Cow::Borrowed(text),
                dropped: Vec::new(),
            };
        }
        let simple = memchr::memchr(b'\r', text).is_none() && (!join_unspaced || text.is_ascii());
        let mut dropped = Vec::new();
        let bytes = if simple {
            let mut bytes = text.to_vec();
            for i in memchr::memchr2_iter(b'\n', b'\t', text) {
                bytes[i] = b' ';
            }
            bytes
        } else {
            let mut bytes = Vec::with_capacity(text.len());
            let mut i = 0;
            while i < text.len() {
                let b = text[i];
                let crlf = b == b'\r' && text.get(i + 1) == Some(&b'\n');
                let line_break = crlf || b == b'\n';
                let width = if crlf { 2 } else { 1 };
                if line_break && join_unspaced && splits_unspaced_word(text, i, i + width) {
                    dropped.extend(std::iter::repeat_n(bytes.len(), width));
                } else if crlf {
                    dropped.push(bytes.len());
                    bytes.push(b' ');
                } else if matches!(b, b'\n' | b'\r' | b'\t') {
                    bytes.push(b' ');
                } else {
                    bytes.push(b);
                }
                i += width;
            }
            bytes
        };
        Haystack {
            bytes: std::borrow::Cow::Owned(bytes),
            dropped,
        }
    }

    /// The haystack offset of a text offset (the inverse of
    /// [`Haystack::span_in_text`] at a position that is not a dropped `\r`).
    fn offset_of(&self, text_offset: usize) -> usize {
        // Dropped positions are haystack offsets: the k-th one sits at text
        // offset d + k.
        let before = self
            .dropped
            .iter()
            .enumerate()
            .take_while(|(k, &d)| d + k < text_offset)
            .count();
        text_offset - before
    }

    /// A haystack span as a span of the text: every dropped `\r` before
    /// the start (or inside the span) moves it right.
    fn span_in_text(&self, start: usize, end: usize) -> (usize, usize) {
        if self.dropped.is_empty() {
            return (start, end);
        }
        let before_start = self.dropped.partition_point(|&d| d <= start);
        let before_end = self.dropped.partition_point(|&d| d < end);
        (start + before_start, end + before_end)
    }
}

/// The spellings a form is matched under. Matching is case-sensitive, so
/// that "US" does not fire on every "us" inside "business": a form is
/// matched as written, in Title Case ("Pacific Islands" for "Pacific
/// islands"), with a capital first letter, in capitals (headlines), and,
/// when `lower_too`, in lower case (so that "turkey" the bird is seen and
/// can tell against "Turkey" at a sentence start, and "guinea pig" hides
/// its "guinea"). Each comes with the typographic apostrophe news sites
/// use, too. Turkish capitals follow Turkish rules (i → İ).
fn spellings(form: &str, flags: FormFlags, lower_too: bool, language: Language) -> Vec<String> {
    let turkish = language.tag() == "tr";
    let upper = |s: &str| -> String {
        if turkish {
            s.chars()
                .flat_map(|c| match c {
                    'i' => vec!['İ'],
                    'ı' => vec!['I'],
                    c => c.to_uppercase().collect(),
                })
                .collect()
        } else {
            s.to_uppercase()
        }
    };
    let mut out = vec![form.to_string()];
    if !flags.exact_case {
        out.push(title_case(form, &upper));
        let mut chars = form.chars();
        if let Some(c) = chars.next() {
            out.push(format!("{}{}", upper(&c.to_string()), chars.as_str()));
        }
        out.push(upper(form));
        if lower_too {
            out.push(form.to_lowercase());
        }
    }
    let curly: Vec<String> = out
        .iter()
        .filter(|s| s.contains('\''))
        .map(|s| s.replace('\'', "\u{2019}"))
        .collect();
    out.extend(curly);
    if language.tag() == "lo" {
        let other: Vec<String> = out.iter().flat_map(|s| lao_spellings(s)).collect();
        out.extend(other);
    }
    let mut seen = HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

/// Lao writes some clusters two ways: ຫຼ or ຫລ, ໜ or ຫນ, ໝ or ຫມ.
fn lao_spellings(form: &str) -> Vec<String> {
    const PAIRS: [(&str, &str); 3] = [("ຫຼ", "ຫລ"), ("ໜ", "ຫນ"), ("ໝ", "ຫມ")];
    let mut out = Vec::new();
    for (a, b) in PAIRS {
        if form.contains(a) {
            out.push(form.replace(a, b));
        }
        if form.contains(b) {
            out.push(form.replace(b, a));
        }
    }
    out
}

/// Capitalises the first letter of every word ("sub-Saharan Africa" ->
/// "Sub-Saharan Africa").
fn title_case(form: &str, upper: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(form.len());
    let mut at_word_start = true;
    for c in form.chars() {
        if at_word_start {
            out.push_str(&upper(&c.to_string()));
        } else {
            out.push(c);
        }
        at_word_start = c == ' ';
    }
    out
}
