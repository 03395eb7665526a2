//! Plain text read as a stream: big texts in pieces, and the sniffing of a
//! stream's start, must not depend on the piece size or on how many bytes
//! each read of the source gives. Inputs found by the fuzz targets
//! (`fuzz/`) are kept here as plain tests.

use std::io::{BufReader, Read};

use geomention::encoding::{Encoding, Sniffed};
use geomention::input::text::{decode, utf8_stream, Pieces};

/// The pieces of `text`, checked: each piece's text is the document's at
/// its offset, and the owned parts cover the document exactly once.
fn check_pieces(text: &str, size: usize, context: usize) {
    let mut owned = String::new();
    for piece in Pieces::new(text.as_bytes(), size, context) {
        let piece = piece.unwrap();
        let offset = piece.offset as usize;
        assert_eq!(&text[offset..offset + piece.text.len()], piece.text);
        assert_eq!(offset + piece.range.start, owned.len(), "size {size}");
        let own = piece.text.get(piece.range.clone());
        assert!(
            own.is_some(),
            "size {size}: {:?} cuts a character",
            piece.range
        );
        owned.push_str(own.unwrap());
    }
    assert_eq!(owned, text, "size {size}, context {context}");
}

#[test]
fn pieces_smaller_than_a_character_end_after_it() {
    let text = "Корея 中国 ກາ 🇫🇯 Fiji";
    for size in 1..=6 {
        for context in [0, 1, 3, 8] {
            check_pieces(text, size, context);
        }
    }
}

/// "Fiji and Tonga" in UTF-16LE without a byte-order mark.
fn utf16_without_mark() -> Vec<u8> {
    "Fiji and Tonga"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

#[test]
fn a_text_stream_is_sniffed_on_its_whole_start_however_few_bytes_each_read_gives() {
    let cases: [(Vec<u8>, Sniffed); 2] = [
        (utf16_without_mark(), Sniffed::Text(Encoding::Utf16Le)),
        (b"%PDF-1.7\n\0\x01\x02 stream".to_vec(), Sniffed::Binary),
    ];
    for (bytes, expected) in cases {
        for capacity in [1, 2, 3, 8, 64] {
            let stream = BufReader::with_capacity(capacity, &bytes[..]);
            let (mut utf8, sniffed) = utf8_stream(stream).unwrap();
            assert_eq!(sniffed, expected, "reads of {capacity} bytes");
            if expected != Sniffed::Binary {
                let mut text = String::new();
                utf8.read_to_string(&mut text).unwrap();
                assert_eq!(text, decode("a.txt", &bytes).unwrap().0);
            }
        }
    }
}

#[test]
fn a_name_longer_than_the_pieces_of_a_big_text_is_found_once() {
    use geomention::scan::{scan, Collected, ScanOptions};
    use geomention::Extractor;
    // Khmer, written without spaces: "Malagasy people" (57 bytes) over and
    // over, so that a name runs over many pieces; it holds the name of
    // Madagascar, which must not be found again inside it.
    let text = "ជនជាតិម៉ាដាហ្គាស្កា".repeat(24);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &text).unwrap();
    let sources = geomention::input::expand(&[path]).unwrap();
    let expected: Vec<(usize, usize)> = (0..24).map(|i| (57 * i, 57 * i + 57)).collect();
    for piece_size in [1, 2, 5, 16, 40, 56, 100] {
        let options = ScanOptions {
            spans: true,
            piece_size,
            ..ScanOptions::default()
        };
        let mut found = Collected::default();
        scan(&sources, Extractor::bundled(), &options, &mut found).unwrap();
        let spans: Vec<(usize, usize)> =
            found.spans.iter().map(|(_, s)| (s.start, s.end)).collect();
        assert_eq!(spans, expected, "pieces of {piece_size} bytes");
    }
}

#[test]
fn a_utf16_text_cut_inside_a_character_ends_in_one_replacement_however_it_is_read() {
    // "Fiji" in UTF-16BE with its byte-order mark, and half a character.
    let bytes: &[u8] = b"\xFE\xFF\0F\0i\0j\0i\x6D";
    let whole = decode("a.txt", bytes).unwrap().0;
    assert_eq!(whole, "Fiji\u{FFFD}");
    for capacity in [1, 2, 5, 64] {
        let (mut utf8, _) = utf8_stream(BufReader::with_capacity(capacity, bytes)).unwrap();
        let (mut text, mut byte) = (Vec::new(), [0u8; 1]);
        while utf8.read(&mut byte).unwrap() == 1 {
            text.push(byte[0]);
        }
        assert_eq!(String::from_utf8_lossy(&text), whole, "reads of {capacity}");
        for size in [1, 3, 100] {
            let stream = BufReader::with_capacity(capacity, bytes);
            let pieces = Pieces::new(utf8_stream(stream).unwrap().0, size, 2);
            let owned: String = pieces
                .map(|p| p.unwrap())
                .map(|p| p.text[p.range].to_string())
                .collect();
            assert_eq!(owned, whole, "reads of {capacity}, pieces of {size}");
        }
    }
}
