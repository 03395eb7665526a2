//! The input readers' invariants: reading a file whole or as a stream cut
//! into small reads gives the same documents and warnings; pages point
//! into the text; memory stays in proportion to the input; a big text read
//! in pieces is the text a small one decodes to, each byte owned once.

use std::io::BufReader;
use std::path::Path;

use geomention::encoding::{repair_utf8, Sniffed};
use geomention::input::text::{decode, utf8_stream, Pieces};
use geomention::input::{reader_for, Collect, Data, Input, ReadOptions, Reader};

use crate::memory::peak_of;
use crate::streams::Trickle;

/// The most heap a reader may hold for an input of `len` bytes.
pub fn memory_bound(len: usize) -> usize {
    (64 << 20) + 64 * len
}

/// Documents and warnings of one read, or the error.
type Outcome = (Collect, Option<String>);

fn read<'a>(reader: &dyn Reader, name: &'a str, data: Data<'a>) -> Outcome {
    static OPTIONS: ReadOptions = ReadOptions {
        text_column: None,
        id_column: None,
        date_column: None,
        title_column: None,
    };
    let mut sink = Collect::default();
    let input = Input {
        name,
        data,
        options: &OPTIONS,
    };
    let error = reader.read(input, &mut sink).err().map(|e| e.to_string());
    (sink, error)
}

/// Reads `bytes` named `name` whole and as a stream of small reads
/// (`reads`: read sizes; `capacity`: the stream's buffer).
pub fn check_reader(name: &str, bytes: &[u8], reads: &[u8], capacity: usize) {
    if std::env::var_os("FUZZ_SHOW").is_some() {
        eprintln!("{name}, reads {reads:?} into {capacity}: {bytes:?}");
    }
    let head = &bytes[..bytes.len().min(geomention::encoding::SNIFF_LEN)];
    let Some(reader) = reader_for(Path::new(name), head) else {
        return;
    };
    let (whole, peak) = peak_of(|| read(reader, name, Data::Bytes(bytes)));
    assert!(
        peak <= memory_bound(bytes.len()),
        "{}: {peak} bytes of heap for a {}-byte input",
        reader.name(),
        bytes.len()
    );
    for doc in &whole.0.documents {
        assert!(
            doc.pages.windows(2).all(|w| w[0] <= w[1])
                && doc.pages.iter().all(|p| *p <= doc.text.len()),
            "pages {:?} outside a {}-byte text",
            doc.pages,
            doc.text.len()
        );
    }
    let mut stream = BufReader::with_capacity(capacity.max(1), Trickle::new(bytes, reads));
    let (streamed, peak) = peak_of(|| read(reader, name, Data::Stream(&mut stream)));
    assert!(
        peak <= memory_bound(bytes.len()),
        "{} (stream): {peak} bytes of heap for a {}-byte input",
        reader.name(),
        bytes.len()
    );
    assert_eq!(
        (&whole.0.documents, &whole.1),
        (&streamed.0.documents, &streamed.1),
        "{}: whole and streamed reads differ on {:?}",
        reader.name(),
        String::from_utf8_lossy(bytes)
    );
    assert_eq!(
        whole.0.warnings,
        streamed.0.warnings,
        "{}: whole and streamed warnings differ",
        reader.name()
    );
}

/// Reads `bytes` as the pipeline reads a big text (UTF-16 decoded on the
/// fly, then in pieces of `size` with `context` around them) and checks
/// the pieces against the text a small file decodes to.
pub fn check_pieces(bytes: &[u8], reads: &[u8], capacity: usize, size: usize, context: usize) {
    if std::env::var_os("FUZZ_SHOW").is_some() {
        eprintln!("pieces of {size} with {context} around, reads {reads:?} into {capacity}: {bytes:?}");
    }
    let stream = BufReader::with_capacity(capacity.max(1), Trickle::new(bytes, reads));
    let (utf8, sniffed) = utf8_stream(stream).expect("reading from memory cannot fail");
    if sniffed == Sniffed::Binary {
        assert!(decode("a", bytes).is_err(), "binary as a stream only");
        return;
    }
    let expected = match decode("a", bytes) {
        Ok((text, _)) => text.into_owned(),
        Err(e) => panic!("text as a stream, {e} whole"),
    };
    let mut owned = String::new();
    let mut pieces = Pieces::new(utf8, size, context);
    let mut last = false;
    for piece in pieces.by_ref() {
        let piece = piece.expect("reading from memory cannot fail");
        assert!(!last, "a piece after the last");
        last = piece.last;
        let offset = piece.offset as usize;
        assert_eq!(
            offset + piece.range.start,
            owned.len(),
            "pieces skip or repeat"
        );
        assert!(piece.range.end <= piece.text.len());
        assert!(
            piece.text.len() <= size + 2 * context + 8,
            "a {}-byte piece for size {size} and context {context}",
            piece.text.len()
        );
        assert_eq!(
            expected.get(offset..offset + piece.text.len()),
            Some(piece.text.as_str()),
            "a piece's text is not the document's at its offset"
        );
        owned.push_str(&piece.text[piece.range.clone()]);
    }
    assert!(last || owned.is_empty(), "no last piece");
    assert_eq!(owned, expected, "pieces do not cover the text exactly once");
    if sniffed == Sniffed::Text(geomention::encoding::Encoding::Utf8) {
        let mut repaired = bytes.to_vec();
        let (_, replaced) = repair_utf8(&mut repaired, 0, true);
        assert_eq!(pieces.replaced, replaced, "replaced bytes counted wrong");
    }
}
