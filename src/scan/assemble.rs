//! The consumer: outcomes in input order, big texts put back together.
//!
//! A big text's pieces arrive in order. Candidates a piece could settle are
//! counted (and their spans passed on) at once; the others wait for the
//! end of the document, when its evidence is complete. Their spans, and
//! every span after the first waiting one (to keep spans in order), are
//! buffered: in memory up to a limit, then in a temporary file, so memory
//! stays bounded however long the document.

use std::collections::BTreeMap;
use std::io::{BufWriter, Seek, Write};

use super::dating::Dating;
use super::work::{Outcome, ScannedPiece, Whole};
use super::{Progress, ScanOptions, ScanSink, Span};
use crate::error::{Error, Result};
use crate::gazetteer::FormKind;
use crate::input::Meta;
use crate::mentions::{Candidate, Evidence, Extractor, Mention, Pending, Target};
use crate::tally::DocumentTally;

pub(super) struct Assembler<'a> {
    extractor: &'a Extractor,
    options: &'a ScanOptions,
    big: Option<Big>,
    progress: Progress,
    not_documents: Vec<String>,
    dating: Dating<'a>,
}

/// A big text being put together.
struct Big {
    tally: DocumentTally,
    evidence: Evidence,
    /// Where the next piece's scan must start (document offset).
    consumed: u64,
    /// Waiting candidates, grouped: they settle alike.
    pending: BTreeMap<(u32, Target, Pending), (Candidate, u32)>,
    spans: SpanBuffer,
}

impl<'a> Assembler<'a> {
    pub fn new(extractor: &'a Extractor, options: &'a ScanOptions) -> Assembler<'a> {
        Assembler {
            extractor,
            options,
            big: None,
            progress: Progress::default(),
            not_documents: Vec::new(),
            dating: Dating::new(options),
        }
    }

    pub fn progress(&self) -> Progress {
        self.progress
    }

    pub fn accept(&mut self, outcome: Outcome, sink: &mut dyn ScanSink) -> Result<()> {
        match outcome {
            Outcome::Documents {
                documents,
                warnings,
                bytes,
                source,
            } => {
                for w in &warnings {
                    sink.warning(w);
                }
                for doc in documents {
                    self.deliver(doc, sink)?;
                }
                self.progress.bytes += bytes;
                self.progress.sources += u64::from(source);
            }
            Outcome::Piece(piece) => self.piece(*piece, sink)?,
            Outcome::Warning(w) => sink.warning(&w),
            Outcome::NotDocument(name) => {
                self.not_documents.push(name);
                self.progress.sources += 1;
            }
        }
        sink.progress(self.progress);
        Ok(())
    }

    /// Says, once, which files were passed over as not documents.
    pub fn finish(&mut self, sink: &mut dyn ScanSink) -> Result<()> {
        self.finish_big(sink)?;
        self.dating.finish(sink);
        if let Some(first) = self.not_documents.first() {
            let n = self.not_documents.len();
            sink.warning(&format!(
                "skipped {n} file(s) that are not documents (images, map layers...), e.g. {first}"
            ));
        }
        Ok(())
    }

    fn deliver(&mut self, mut doc: Whole, sink: &mut dyn ScanSink) -> Result<()> {
        self.dating.date(&mut doc.tally.meta, sink);
        if self.options.spans && !doc.spans.is_empty() {
            sink.spans(&doc.tally.meta, &doc.spans)?;
        }
        sink.document(&doc.tally)?;
        self.progress.documents += 1;
        Ok(())
    }

    fn piece(&mut self, mut p: ScannedPiece, sink: &mut dyn ScanSink) -> Result<()> {
        if let Some(mut meta) = p.meta.take() {
            self.finish_big(sink)?;
            self.dating.date(&mut meta, sink);
            self.big = Some(Big::new(meta));
        }
        let Some(big) = self.big.as_mut() else {
            return Ok(()); // a piece of a document already given up
        };
        let own_start = p.piece.offset + p.piece.range.start as u64;
        if own_start < big.consumed {
            // The previous piece's last match ran into this one: scan it
            // again from where that match ended.
            let from = (big.consumed - p.piece.offset) as usize;
            p.candidates.clear();
            p.evidence = Evidence::default();
            let from = from.min(p.piece.range.end);
            let stop = self.extractor.scan(
                p.language,
                &p.piece.text,
                from..p.piece.range.end,
                &mut p.candidates,
                &mut p.evidence,
            );
            p.consumed = p.piece.offset + stop as u64;
        }
        // A match longer than this piece ran past it too: what it covers
        // stays consumed.
        big.consumed = big.consumed.max(p.consumed);
        big.evidence.merge(&p.evidence);
        for c in &p.candidates {
            let matched = &p.piece.text[c.mention.start..c.mention.end];
            let mut c = *c;
            c.mention.start += p.piece.offset as usize;
            c.mention.end += p.piece.offset as usize;
            big.add(c, matched, self.options.spans, sink)?;
        }
        self.progress.bytes += p.piece.range.len() as u64;
        if p.piece.last {
            self.finish_big(sink)?;
            self.progress.sources += 1;
        }
        Ok(())
    }

    fn finish_big(&mut self, sink: &mut dyn ScanSink) -> Result<()> {
        let Some(mut big) = self.big.take() else {
            return Ok(());
        };
        for (candidate, n) in big.pending.values() {
            if let Some(m) = self.extractor.settle(candidate, &big.evidence) {
                for _ in 0..*n {
                    big.tally.add(&m);
                }
            }
        }
        let extractor = self.extractor;
        let evidence = &big.evidence;
        big.spans.replay(|buffered| {
            let span = match buffered {
                Buffered::Settled(span) => Some(span),
                Buffered::Pending(candidate, matched) => extractor
                    .settle(&candidate, evidence)
                    .map(|m| span_of(&m, matched)),
            };
            match span {
                Some(span) => sink.spans(&big.tally.meta, std::slice::from_ref(&span)),
                None => Ok(()),
            }
        })?;
        sink.document(&big.tally)?;
        self.progress.documents += 1;
        Ok(())
    }
}

impl Big {
    fn new(meta: Meta) -> Big {
        Big {
            tally: DocumentTally::new(meta, &[]),
            evidence: Evidence::default(),
            consumed: 0,
            pending: BTreeMap::new(),
            spans: SpanBuffer::default(),
        }
    }

    fn add(
        &mut self,
        c: Candidate,
        matched: &str,
        spans: bool,
        sink: &mut dyn ScanSink,
    ) -> Result<()> {
        if c.pending == Pending::Settled {
            self.tally.add(&c.mention);
            if spans {
                let span = span_of(&c.mention, matched.to_string());
                if self.spans.is_empty() {
                    sink.spans(&self.tally.meta, std::slice::from_ref(&span))?;
                } else {
                    self.spans.push(Buffered::Settled(span))?;
                }
            }
        } else {
            let key = (c.mention.form(), c.mention.target, c.pending);
            self.pending.entry(key).or_insert((c, 0)).1 += 1;
            if spans {
                self.spans.push(Buffered::Pending(c, matched.to_string()))?;
            }
        }
        Ok(())
    }
}

fn span_of(m: &Mention, matched: String) -> Span {
    Span {
        start: m.start,
        end: m.end,
        target: m.target,
        kind: m.kind,
        matched,
        page: None,
    }
}

/// A span waiting for its document's end.
enum Buffered {
    Settled(Span),
    Pending(Candidate, String),
}

/// Spans in order, in memory up to [`SpanBuffer::IN_MEMORY`], then in a
/// temporary file.
#[derive(Default)]
struct SpanBuffer {
    memory: Vec<Buffered>,
    file: Option<BufWriter<std::fs::File>>,
    spilled: usize,
}

impl SpanBuffer {
    const IN_MEMORY: usize = 1 << 16;

    fn is_empty(&self) -> bool {
        self.memory.is_empty() && self.spilled == 0
    }

    fn push(&mut self, b: Buffered) -> Result<()> {
        self.memory.push(b);
        if self.memory.len() >= Self::IN_MEMORY {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> Result<()> {
        let tmp_err = |e: std::io::Error| Error::io(std::env::temp_dir(), e);
        if self.file.is_none() {
            self.file = Some(BufWriter::new(tempfile::tempfile().map_err(tmp_err)?));
        }
        let file = self.file.as_mut().expect("just created");
        for b in self.memory.drain(..) {
            Record::from(b).write(file).map_err(tmp_err)?;
            self.spilled += 1;
        }
        Ok(())
    }

    /// Every buffered span, in order.
    fn replay(&mut self, mut each: impl FnMut(Buffered) -> Result<()>) -> Result<()> {
        if let Some(file) = self.file.take() {
            let tmp_err = |e: std::io::Error| Error::io(std::env::temp_dir(), e);
            let mut file = file.into_inner().map_err(|e| tmp_err(e.into_error()))?;
            file.rewind().map_err(tmp_err)?;
            let mut reader = std::io::BufReader::new(file);
            for _ in 0..self.spilled {
                each(Record::read(&mut reader).map_err(tmp_err)?.into())?;
            }
        }
        for b in self.memory.drain(..) {
            each(b)?;
        }
        self.spilled = 0;
        Ok(())
    }
}

/// A buffered span as written to the temporary file (fixed-size fields,
/// then the text: this file is read back by the same process only).
struct Record {
    start: usize,
    end: usize,
    target: Target,
    kind: FormKind,
    form: u32,
    /// `None` for a settled span.
    pending: Option<Pending>,
    matched: String,
}

impl Record {
    fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let (tag, index) = match self.target {
            Target::Country(id) => (0u8, id.index() as u16),
            Target::Region(r) => (1, r),
        };
        let pending = match self.pending {
            None => [0, 0],
            Some(Pending::Settled) => [1, 0],
            Some(Pending::Unsure { us_place }) => [2, u8::from(us_place)],
            Some(Pending::NeedsEvidence) => [3, 0],
            Some(Pending::Contested) => [4, 0],
        };
        out.write_all(&(self.start as u64).to_le_bytes())?;
        out.write_all(&(self.end as u64).to_le_bytes())?;
        out.write_all(&[tag])?;
        out.write_all(&index.to_le_bytes())?;
        out.write_all(&[self.kind as u8])?;
        out.write_all(&self.form.to_le_bytes())?;
        out.write_all(&pending)?;
        out.write_all(&(self.matched.len() as u32).to_le_bytes())?;
        out.write_all(self.matched.as_bytes())
    }

    fn read(input: &mut impl std::io::Read) -> std::io::Result<Record> {
        let mut fixed = [0u8; 8 + 8 + 1 + 2 + 1 + 4 + 2 + 4];
        input.read_exact(&mut fixed)?;
        let u64_at = |i: usize| u64::from_le_bytes(fixed[i..i + 8].try_into().expect("8 bytes"));
        let index = u16::from_le_bytes([fixed[17], fixed[18]]);
        let target = match fixed[16] {
            0 => Target::Country(crate::gazetteer::CountryId::from_index(usize::from(index))),
            _ => Target::Region(index),
        };
        let kind = FormKind::ALL[usize::from(fixed[19])];
        let form = u32::from_le_bytes(fixed[20..24].try_into().expect("4 bytes"));
        let pending = match fixed[24] {
            0 => None,
            1 => Some(Pending::Settled),
            2 => Some(Pending::Unsure {
                us_place: fixed[25] == 1,
            }),
            3 => Some(Pending::NeedsEvidence),
            _ => Some(Pending::Contested),
        };
        let len = u32::from_le_bytes(fixed[26..30].try_into().expect("4 bytes")) as usize;
        let mut matched = vec![0u8; len];
        input.read_exact(&mut matched)?;
        Ok(Record {
            start: u64_at(0) as usize,
            end: u64_at(8) as usize,
            target,
            kind,
            form,
            pending,
            matched: String::from_utf8(matched)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?,
        })
    }
}

impl From<Buffered> for Record {
    fn from(b: Buffered) -> Record {
        match b {
            Buffered::Settled(s) => Record {
                start: s.start,
                end: s.end,
                target: s.target,
                kind: s.kind,
                form: 0,
                pending: None,
                matched: s.matched,
            },
            Buffered::Pending(c, matched) => Record {
                start: c.mention.start,
                end: c.mention.end,
                target: c.mention.target,
                kind: c.mention.kind,
                form: c.mention.form(),
                pending: Some(c.pending),
                matched,
            },
        }
    }
}

impl From<Record> for Buffered {
    fn from(r: Record) -> Buffered {
        match r.pending {
            None => Buffered::Settled(Span {
                start: r.start,
                end: r.end,
                target: r.target,
                kind: r.kind,
                matched: r.matched,
                page: None,
            }),
            Some(pending) => Buffered::Pending(
                Candidate {
                    mention: Mention::from_parts(r.start, r.end, r.target, r.kind, r.form),
                    pending,
                },
                r.matched,
            ),
        }
    }
}
