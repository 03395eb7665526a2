"""A generated news-like corpus to try the examples on (and to test and
measure them): short fictional reports naming countries by name, alias and
demonym, with the traps real news has ("Chad Smith said", "Atlanta,
Georgia", "a turkey dinner").

    python corpus.py OUT_DIR [DOCUMENTS]

writes OUT_DIR/text/ (one .txt file per document, for the command line),
OUT_DIR/corpus.parquet and OUT_DIR/corpus.jsonl (columns id, text).
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

# Slots: {place} a country, alias or region phrase; {people} a demonym.
SENTENCES = [
    "Investigators said recruiters in {place} promised office jobs in {place}.",
    "{people} workers described passports taken on arrival in {place}.",
    "Police in {place} raided a compound where {people} and {people} staff were held.",
    "A report on {place} traced payments through shell firms registered in {place}.",
    "Officials from {place} and {place} signed an agreement on repatriation.",
    "The ministry in {place} said it had no record of the company.",
    "Families in {place} lost savings to a fake investment scheme run from {place}.",
    "Several {people} nationals were flown home after months inside the zone.",
    "Advocates in {place} warned that new hubs were opening near the border with {place}.",
    "Chad Smith, a researcher, said the networks adapt faster than the law.",
    "The conference was held in Atlanta, Georgia, last spring.",
    "Jordan Lee said the figures were almost certainly too low.",
    "Staff shared a turkey dinner before the night shift began.",
    "Nobody asked us where the money went, one survivor said.",
    "Training scripts were written in English and Mandarin.",
    "Satellite images showed new buildings going up at the site.",
]

ALIASES = [
    "Burma", "Myanmar", "Cambodia", "Laos", "Lao PDR", "the Philippines",
    "Thailand", "Vietnam", "Malaysia", "Indonesia", "Timor-Leste", "Fiji",
    "Tonga", "Palau", "Vanuatu", "Samoa", "Papua New Guinea", "Zambia",
    "Angola", "Namibia", "Kenya", "Uganda", "Nigeria", "Ghana", "Ethiopia",
    "South Africa", "Ivory Coast", "Georgia", "Turkey", "the UAE", "Dubai",
    "Hong Kong", "Taiwan", "China", "India", "Sri Lanka", "Nepal",
    "Bangladesh", "Brazil", "Peru", "Mexico", "the US", "the UK",
    "Southeast Asia", "the Pacific islands", "Latin America", "Africa",
    "the Middle East", "Europe", "East Asia",
]

DEMONYMS = [
    "Burmese", "Cambodian", "Lao", "Filipino", "Thai", "Vietnamese",
    "Malaysian", "Indonesian", "Fijian", "Tongan", "Kenyan", "Ugandan",
    "Nigerian", "Ghanaian", "Ethiopian", "Zambian", "Chinese", "Indian",
    "Sri Lankan", "Nepali", "Bangladeshi", "Brazilian", "Turkish",
    "Georgian", "Taiwanese", "Pakistani", "Egyptian", "Moroccan",
]


@dataclass
class Corpus:
    root: Path
    text_dir: Path
    parquet: Path
    jsonl: Path
    documents: int
    bytes: int


def document(rng: random.Random, names: list[str], size: int) -> str:
    """One report of about `size` bytes, in paragraphs."""
    paragraphs, length = [], 0
    while length < size:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            template = rng.choice(SENTENCES)
            sentence = template.replace("{place}", "\0").replace("{people}", "\1")
            while "\0" in sentence:
                sentence = sentence.replace("\0", rng.choice(names), 1)
            while "\1" in sentence:
                sentence = sentence.replace("\1", rng.choice(DEMONYMS), 1)
            sentences.append(sentence[0].upper() + sentence[1:])
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def country_names() -> list[str]:
    """Aliases above plus every bundled country's name (so all of them
    are mentioned somewhere)."""
    try:
        import geomention
    except ImportError:
        return list(ALIASES)
    codes = sorted({c for r in geomention.regions() for c in r.members})
    return ALIASES + [geomention.lookup(c).name for c in codes]


def texts(documents: int, seed: int, mean_size: int = 1500):
    """(id, text) of each generated document, in order."""
    rng = random.Random(seed)
    names = country_names()
    for i in range(documents):
        size = max(200, int(rng.expovariate(1 / mean_size)))
        yield f"doc{i:07d}", document(rng, names, size)


def write(
    root: Path,
    documents: int,
    seed: int = 1,
    mean_size: int = 1500,
    text_files: bool = True,
    batch: int = 20_000,
) -> Corpus:
    """Writes the corpus as text files (if `text_files`), Parquet and JSON
    Lines under `root`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(root)
    text_dir = root / "text"
    text_dir.mkdir(parents=True, exist_ok=True)
    parquet, jsonl = root / "corpus.parquet", root / "corpus.jsonl"
    schema = pa.schema([("id", pa.string()), ("text", pa.string())])
    total = 0
    ids, bodies = [], []
    with pq.ParquetWriter(parquet, schema) as pw, open(jsonl, "w", encoding="utf-8") as jw:

        def flush():
            pw.write_table(pa.table({"id": ids, "text": bodies}, schema=schema))
            ids.clear()
            bodies.clear()

        for doc_id, text in texts(documents, seed, mean_size):
            total += len(text.encode("utf-8"))
            if text_files:
                (text_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
            jw.write(json.dumps({"id": doc_id, "text": text}) + "\n")
            ids.append(doc_id)
            bodies.append(text)
            if len(ids) == batch:
                flush()
        if ids:
            flush()
    return Corpus(root, text_dir, parquet, jsonl, documents, total)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    c = write(out, n)
    print(f"wrote {c.documents} documents ({c.bytes / 1e6:.1f} MB) to {out}")
