"""The Python counts equal the command line's, document by document."""

from __future__ import annotations

from pathlib import Path

import geomention
from conftest import cli_counts


def sample_files(repo: Path) -> list[Path]:
    files = sorted((repo / "examples" / "corpus").glob("*.txt"))
    for d in sorted((repo / "tests" / "data").glob("mentions*")):
        files += sorted(d.glob("*.txt"))
    return files


def test_counts_equal_the_command_line_on_the_sample_and_test_texts(cli, repo):
    files = sample_files(repo)
    assert len(files) > 250  # the sample corpus and every language's test texts
    expected = cli_counts(cli, *[f.relative_to(repo) for f in files], cwd=repo)
    texts = [f.read_text(encoding="utf-8") for f in files]
    got = geomention.count_many(texts)
    for f, counts in zip(files, got):
        assert counts == expected[str(f.relative_to(repo))], f
    for f, text in zip(files[:40], texts):
        assert geomention.count(text) == expected[str(f.relative_to(repo))], f


def test_tally_of_the_sample_corpus_equals_the_command_lines(cli, repo):
    files = sorted((repo / "examples" / "corpus").glob("*.txt"))
    expected = geomention.Tally.from_counts(cli_counts(cli, repo / "examples" / "corpus", cwd=repo).values())
    got = geomention.Tally.from_texts([f.read_text(encoding="utf-8") for f in files])
    assert got == expected
    assert got.documents == 12


def test_counts_equal_the_command_line_on_a_generated_corpus(generated, generated_cli_counts):
    import pyarrow.parquet as pq

    table = pq.read_table(generated.parquet)
    ids = table.column("id").to_pylist()
    got = geomention.count_many(table.column("text"))
    assert len(got) == generated.documents
    for doc_id, counts in zip(ids, got):
        assert counts == generated_cli_counts[f"text/{doc_id}.txt"], doc_id
