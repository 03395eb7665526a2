"""geomention with pandas: a column of per-document counts, a long table of
mentions, corpus totals and maps.

    python pandas_counts.py CORPUS.parquet OUT_DIR
"""

from __future__ import annotations

import sys

import pandas as pd

import geomention


def per_document(df: pd.DataFrame) -> pd.DataFrame:
    """Adds a `countries` column: {ISO code or region id: count} per row."""
    df = df.copy()
    df["countries"] = geomention.count_many(df["text"])
    return df


def long_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per document and country or region: id, key, count."""
    rows = [
        (doc_id, key, n)
        for doc_id, counts in zip(df["id"], df["countries"])
        if counts is not None
        for key, n in counts.items()
    ]
    return pd.DataFrame(rows, columns=["id", "key", "count"])


def totals(tally: geomention.Tally) -> pd.DataFrame:
    """Mentions and documents per country over the whole frame."""
    return pd.DataFrame.from_dict(tally.countries, orient="index").sort_values(
        "mentions", ascending=False
    )


def main(corpus: str, out_dir: str) -> None:
    df = per_document(pd.read_parquet(corpus))
    print(long_table(df).head())
    # The tally from the counts already made: no text is scanned twice.
    tally = geomention.Tally.from_counts(df["countries"])
    print(totals(tally).head(10))
    for path in geomention.write_maps(tally, out_dir):
        print("wrote", path)


if __name__ == "__main__":
    main(*sys.argv[1:3])
