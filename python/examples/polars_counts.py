"""geomention with Polars: per-document counts through `map_batches` (the
Series goes to geomention as Arrow, without a Python str per row), then
totals per country with Polars itself.

    python polars_counts.py CORPUS.parquet
"""

from __future__ import annotations

import sys

import polars as pl

import geomention

#: One document's counts: a list of (key, count), key an ISO code or a region id.
COUNTS = pl.List(pl.Struct({"key": pl.String, "count": pl.UInt32}))


def counts_batch(texts: pl.Series) -> pl.Series:
    counts = geomention.count_many(texts)
    return pl.Series(
        [None if c is None else [{"key": k, "count": n} for k, n in c.items()] for c in counts],
        dtype=COUNTS,
    )


def per_document(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(
        pl.col("text").map_batches(counts_batch, return_dtype=COUNTS).alias("counts")
    )


def totals(df: pl.DataFrame) -> pl.DataFrame:
    """Mentions and documents per key over the frame."""
    return (
        per_document(df)
        .select("id", "counts")
        .explode("counts")
        .drop_nulls("counts")
        .unnest("counts")
        .group_by("key")
        .agg(pl.col("count").sum().alias("mentions"), pl.len().alias("documents"))
        .sort(["mentions", "key"], descending=[True, False])
    )


def main(corpus: str) -> None:
    df = pl.read_parquet(corpus)
    print(totals(df).head(10))
    # The same totals without leaving Rust until the end:
    tally = geomention.Tally.from_texts(df["text"])
    print(tally, sorted(tally.countries.items(), key=lambda kv: -kv[1]["mentions"])[:3])


if __name__ == "__main__":
    main(sys.argv[1])
