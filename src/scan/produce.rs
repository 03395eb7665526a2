//! The producer: sources in, units of work out, in bounded batches.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc::SyncSender;

use super::ScanOptions;
use crate::encoding::{with_head, Encoding, Sniffed};
use crate::error::{Error, Result};
use crate::input::text::{self, Piece, Pieces};
use crate::input::{self, Data, Document, Input, Meta, Reader, Sink, Source};
use crate::mentions::{context, Extractor, Language};

/// A unit of work, scanned by one worker.
pub(super) enum Unit {
    /// A small file (or a whole-file format), read and scanned whole.
    Source(Source),
    /// A document a streaming reader produced (a record of an export).
    Document(Document),
    /// A piece of a big text; `meta` comes with the first piece.
    /// The language (detected on the first piece) comes with every piece.
    Piece {
        meta: Option<Meta>,
        piece: Piece,
        language: Language,
    },
    /// A problem met while producing, delivered in order.
    Warning(String),
    /// A source read by a streaming reader is finished (for progress).
    SourceDone,
}

pub(super) struct Batch {
    pub units: Vec<Unit>,
}

/// The receiver is gone: the scan stopped on an error of its own.
struct Stopped;

/// Groups units into batches: enough to keep every thread busy, few
/// enough bytes to keep memory bounded.
struct Batcher {
    tx: SyncSender<Batch>,
    units: Vec<Unit>,
    bytes: usize,
    max_units: usize,
    max_bytes: usize,
}

impl Batcher {
    fn push(&mut self, unit: Unit) -> std::result::Result<(), Stopped> {
        self.bytes += match &unit {
            Unit::Document(d) => d.text.len(),
            Unit::Piece { piece, .. } => piece.text.len(),
            _ => 0,
        };
        self.units.push(unit);
        if self.units.len() >= self.max_units || self.bytes >= self.max_bytes {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::result::Result<(), Stopped> {
        if self.units.is_empty() {
            return Ok(());
        }
        self.bytes = 0;
        let units = std::mem::take(&mut self.units);
        self.tx.send(Batch { units }).map_err(|_| Stopped)
    }
}

/// Sends every source's units, in order. Returns early (and quietly) when
/// the consumer has stopped.
pub(super) fn produce(
    sources: &[Source],
    extractor: &Extractor,
    options: &ScanOptions,
    threads: usize,
    tx: SyncSender<Batch>,
) -> Result<()> {
    let mut batcher = Batcher {
        tx,
        units: Vec::new(),
        bytes: 0,
        max_units: 64 * threads.max(1),
        max_bytes: threads.max(1) * options.piece_size,
    };
    let context = context::WINDOW + 2 * extractor.overhang() + 16;
    let producer = Producer {
        options,
        context,
        extractor,
    };
    for source in sources {
        if producer.source(source, &mut batcher).is_err() {
            return Ok(());
        }
    }
    let _ = batcher.flush();
    Ok(())
}

struct Producer<'a> {
    options: &'a ScanOptions,
    context: usize,
    extractor: &'a Extractor,
}

impl Producer<'_> {
    fn source(&self, source: &Source, out: &mut Batcher) -> std::result::Result<(), Stopped> {
        match self.plan(source) {
            Ok(Plan::Whole) => out.push(Unit::Source(source.clone())),
            Ok(Plan::Stream(stream)) => {
                let name = source.name();
                self.stream(&name, Path::new(&name), stream, out)
            }
            Err(e) => out.push(Unit::Warning(format!("{e}; skipped"))),
        }
    }

    /// Whether a source is read whole by a worker or streamed from here.
    fn plan(&self, source: &Source) -> Result<Plan> {
        let path = match source {
            Source::Stdin => {
                let stdin = Box::new(std::io::stdin());
                return Ok(Plan::Stream(self.limited(stdin)));
            }
            Source::File(p) => p,
        };
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            return Ok(Plan::Stream(self.limited(Box::new(file))));
        }
        let compressed = is_compressed(path);
        if meta.len() as usize <= self.options.piece_size && !compressed {
            return Ok(Plan::Whole);
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = BufReader::with_capacity(64 * 1024, file);
        let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        match input::reader_for(path, head) {
            Some(r) if r.streams() || compressed => Ok(Plan::Stream(Box::new(reader))),
            _ => Ok(Plan::Whole),
        }
    }

    fn limited(&self, stream: Box<dyn Read + Send>) -> Box<dyn BufRead + Send> {
        match self.options.stream_limit {
            Some(limit) => Box::new(BufReader::new(Limit {
                inner: stream,
                left: limit,
            })),
            None => Box::new(BufReader::new(stream)),
        }
    }

    /// Streams one input: decompressed if it is, then read by the reader
    /// of its (inner) name, big texts in pieces.
    fn stream(
        &self,
        name: &str,
        path: &Path,
        stream: Box<dyn BufRead + Send>,
        out: &mut Batcher,
    ) -> std::result::Result<(), Stopped> {
        // The whole head, however few bytes a pipe gives per read.
        let mut stream: Box<dyn BufRead + Send> = match with_head(stream) {
            Ok(s) => Box::new(s),
            Err(e) => return out.push(Unit::Warning(format!("{name}: {e}; skipped"))),
        };
        let head = match stream.fill_buf() {
            Ok(h) => h,
            Err(e) => return out.push(Unit::Warning(format!("{name}: {e}; skipped"))),
        };
        if let Some(inner) = decompress(path, head) {
            let decompressed = match inner(stream) {
                Ok(d) => d,
                Err(e) => return out.push(Unit::Warning(format!("{name}: {e}; skipped"))),
            };
            return self.stream(name, &input::inner_name(path), decompressed, out);
        }
        if let Some(what) = super::work::written_by_geomention(head) {
            return out.push(Unit::Warning(format!(
                "{name}: skipped: geomention wrote it ({what}), it is not a document"
            )));
        }
        let asked = match self.options.stdin_format {
            Some(format) if name == "-" => input::reader_named(format),
            _ => None,
        };
        let Some(reader) = asked.or_else(|| input::reader_for(path, head)) else {
            return out.push(Unit::Warning(format!(
                "{name}: skipped: not a document format geomention reads"
            )));
        };
        if reader.name() == "text" {
            return self.pieces(name, stream, out);
        }
        self.records(name, reader, stream, out)
    }

    /// A text too big to hold, in pieces.
    fn pieces(
        &self,
        name: &str,
        stream: Box<dyn BufRead + Send>,
        out: &mut Batcher,
    ) -> std::result::Result<(), Stopped> {
        let (utf8, sniffed) = match text::utf8_stream(stream) {
            Ok(s) => s,
            Err(e) => return out.push(Unit::Warning(format!("{name}: {e}; skipped"))),
        };
        match sniffed {
            Sniffed::Binary => return out.push(Unit::Warning(text::binary_warning(name))),
            Sniffed::Text(Encoding::Utf8) => {}
            Sniffed::Text(_) => out.push(Unit::Warning(text::utf16_note(name)))?,
        }
        let mut pieces = Pieces::new(utf8, self.options.piece_size, self.context);
        let mut meta = Some(Meta::for_source(name));
        let mut language = None;
        // A read error ends the text: it comes after the text's last piece.
        for next in pieces.by_ref() {
            match next {
                Ok(piece) => {
                    let language = *language.get_or_insert_with(|| {
                        let own = &piece.text[piece.range.clone()];
                        self.options
                            .language
                            .unwrap_or_else(|| self.extractor.language_of(own, None))
                    });
                    let meta = meta.take().map(|mut m| {
                        m.language = Some(language.tag().to_string());
                        m
                    });
                    out.push(Unit::Piece {
                        meta,
                        piece,
                        language,
                    })?
                }
                Err(e) => out.push(Unit::Warning(format!("{name}: {e}")))?,
            }
        }
        if pieces.replaced > 0 {
            out.push(Unit::Warning(text::replaced_warning(name, pieces.replaced)))?;
        }
        Ok(())
    }

    /// An export read record by record, each record a document.
    fn records(
        &self,
        name: &str,
        reader: &dyn Reader,
        mut stream: Box<dyn BufRead + Send>,
        out: &mut Batcher,
    ) -> std::result::Result<(), Stopped> {
        let mut sink = ToBatcher {
            out,
            stopped: false,
        };
        let input = Input {
            name,
            data: Data::Stream(&mut stream),
            options: &self.options.read,
        };
        let result = reader.read(input, &mut sink);
        if sink.stopped {
            return Err(Stopped);
        }
        if let Err(e) = result {
            out.push(Unit::Warning(format!("{e}; skipped the rest")))?;
        }
        out.push(Unit::SourceDone)
    }
}

enum Plan {
    Whole,
    Stream(Box<dyn BufRead + Send>),
}

/// Hands a streaming reader's documents to the batcher.
struct ToBatcher<'a> {
    out: &'a mut Batcher,
    stopped: bool,
}

impl Sink for ToBatcher<'_> {
    fn document(&mut self, doc: Document) -> Result<()> {
        self.out.push(Unit::Document(doc)).map_err(|_| {
            self.stopped = true;
            Error::Invalid("scan stopped".into())
        })
    }
    fn warning(&mut self, message: String) {
        if self.out.push(Unit::Warning(message)).is_err() {
            self.stopped = true;
        }
    }
}

/// A stream that fails once it has given `left` bytes.
struct Limit {
    inner: Box<dyn Read + Send>,
    left: u64,
}

impl Read for Limit {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            return Err(std::io::Error::other(
                "stopped reading: longer than --max-stream-size (the rest was not read); \
                 save it to a file or raise the limit",
            ));
        }
        let want = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

fn is_compressed(path: &Path) -> bool {
    matches!(
        path.extension().map(|e| e.to_ascii_lowercase()),
        Some(e) if e == "gz" || e == "zst"
    )
}

type Decompressor = fn(Box<dyn BufRead + Send>) -> std::io::Result<Box<dyn BufRead + Send>>;

/// The decompressor for a stream that starts with a gzip or zstd
/// signature.
fn decompress(path: &Path, head: &[u8]) -> Option<Decompressor> {
    let _ = path;
    if head.starts_with(&[0x1F, 0x8B]) {
        return Some(|s| {
            Ok(Box::new(BufReader::new(
                flate2::bufread::MultiGzDecoder::new(s),
            )))
        });
    }
    if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        return Some(|s| {
            let decoder = ruzstd::decoding::StreamingDecoder::new(s)
                .map_err(|e| std::io::Error::other(format!("not a valid zstd stream ({e})")))?;
            Ok(Box::new(BufReader::new(decoder)))
        });
    }
    None
}
