//! The extractor's invariants: spans on character boundaries, in order,
//! not overlapping (but for a compound that names several countries at one
//! span), and the same mentions whether the text is scanned in one pass,
//! in pieces cut anywhere, or in the windows the pipeline reads big files
//! in.

use geomention::input::text::Pieces;
use geomention::mentions::{context, Candidate, Evidence, Language};
use geomention::{Extractor, Mention};

/// Checks every invariant of the mentions of `text` read in `language`,
/// with the text also scanned in pieces cut at `cuts` and in windows of
/// `piece_size` bytes.
pub fn check(ex: &Extractor, language: Language, text: &str, cuts: &[usize], piece_size: usize) {
    if std::env::var_os("FUZZ_SHOW").is_some() {
        eprintln!(
            "language {}, cuts {cuts:?}, pieces of {piece_size}: {text:?}",
            language.tag()
        );
    }
    let mut whole = Vec::new();
    ex.find_in(language, text, &mut whole);
    check_spans(ex, text, &whole);
    let pieces = in_pieces(ex, language, text, cuts);
    assert_eq!(
        whole,
        pieces,
        "{}: one pass and the pass cut at {cuts:?} differ on {text:?}",
        language.tag()
    );
    // The pipeline's pieces turn a leading byte-order mark into spaces.
    let unmarked = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => format!("   {rest}"),
        None => text.to_string(),
    };
    let mut expected = Vec::new();
    ex.find_in(language, &unmarked, &mut expected);
    let windows = in_windows(ex, language, &unmarked, piece_size);
    assert_eq!(
        expected,
        windows,
        "{}: one pass and {piece_size}-byte pieces differ on {unmarked:?}",
        language.tag()
    );
}

/// Spans inside the text, on character boundaries, in order, apart.
pub fn check_spans(ex: &Extractor, text: &str, mentions: &[Mention]) {
    let mut previous: Option<&Mention> = None;
    for m in mentions {
        assert!(
            m.start < m.end && m.end <= text.len(),
            "span {m:?} of {text:?}"
        );
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "span {m:?} not on character boundaries of {text:?}"
        );
        assert!(!ex.form(m).is_empty(), "mention {m:?} of an empty form");
        if let Some(p) = previous {
            let one_span = (p.start, p.end) == (m.start, m.end) && p.target != m.target;
            assert!(
                one_span || p.end <= m.start,
                "mentions {p:?} and {m:?} overlap or are out of order in {text:?}"
            );
        }
        previous = Some(m);
    }
}

/// The mentions of `text` scanned piece by piece, each piece starting
/// where the previous one stopped, each with evidence of its own.
pub fn in_pieces(ex: &Extractor, language: Language, text: &str, cuts: &[usize]) -> Vec<Mention> {
    let mut candidates = Vec::new();
    let mut evidence = Evidence::default();
    let mut at = 0;
    for end in cuts.iter().copied().chain([text.len()]) {
        if end <= at {
            continue;
        }
        let mut own = Evidence::default();
        let stop = ex.scan(language, text, at..end, &mut candidates, &mut own);
        assert!(
            stop >= end && stop <= text.len() && text.is_char_boundary(stop),
            "scan of {at}..{end} stopped at {stop} in {text:?}"
        );
        evidence.merge(&own);
        at = stop;
    }
    settle(ex, &candidates, &evidence)
}

/// The mentions of `text` as the pipeline finds them in a big file: pieces
/// of about `size` bytes with context around them, each scanned from where
/// the previous one's last match ended.
pub fn in_windows(ex: &Extractor, language: Language, text: &str, size: usize) -> Vec<Mention> {
    let context = context::WINDOW + 2 * ex.overhang() + 16;
    let mut candidates = Vec::new();
    let mut evidence = Evidence::default();
    let mut consumed = 0usize;
    let mut covered = 0usize;
    for piece in Pieces::new(text.as_bytes(), size, context) {
        let piece = piece.expect("reading from memory cannot fail");
        let offset = piece.offset as usize;
        assert_eq!(
            &text[offset..offset + piece.text.len()],
            piece.text,
            "a piece's text is not the document's at its offset"
        );
        assert_eq!(offset + piece.range.start, covered, "pieces skip or repeat");
        covered = offset + piece.range.end;
        let from = consumed.saturating_sub(offset).max(piece.range.start);
        let from = from.min(piece.range.end);
        let mut found = Vec::new();
        let mut own = Evidence::default();
        let stop = ex.scan(
            language,
            &piece.text,
            from..piece.range.end,
            &mut found,
            &mut own,
        );
        consumed = consumed.max(offset + stop);
        evidence.merge(&own);
        candidates.extend(found.into_iter().map(|mut c: Candidate| {
            c.mention.start += offset;
            c.mention.end += offset;
            c
        }));
    }
    assert_eq!(covered, text.len(), "pieces end before the text does");
    settle(ex, &candidates, &evidence)
}

fn settle(ex: &Extractor, candidates: &[Candidate], evidence: &Evidence) -> Vec<Mention> {
    candidates
        .iter()
        .filter_map(|c| ex.settle(c, evidence))
        .collect()
}
