"""geomention on Dask: workers count their partitions into tallies (which
pickle), the client adds them up and draws the maps.

    python dask_job.py CORPUS.parquet OUT_DIR [SCHEDULER_ADDRESS]

Without a scheduler address a LocalCluster (one process per core) is
started; on a real cluster, install the geomention wheel on every worker.
"""

from __future__ import annotations

import sys

import dask.dataframe as dd
import pandas as pd

import geomention


def _tally_partition(texts: pd.Series) -> pd.Series:
    # Dask runs one task per worker thread already: one thread per task.
    return pd.Series([geomention.Tally.from_texts(texts, threads=1)])


def tally_corpus(ddf: dd.DataFrame, column: str = "text") -> geomention.Tally:
    """One tally per partition on the workers, added up on the client."""
    parts = ddf[column].map_partitions(_tally_partition, meta=(None, object))
    return sum(parts.compute(), geomention.Tally())


def with_counts(ddf: dd.DataFrame, column: str = "text") -> dd.DataFrame:
    """Adds a `countries` column of per-row counts (lazily)."""
    counts = ddf[column].map_partitions(
        lambda s: pd.Series(geomention.count_many(s, threads=1), index=s.index, dtype=object),
        meta=("countries", object),
    )
    return ddf.assign(countries=counts)


def main(corpus: str, out_dir: str, scheduler: str | None = None) -> None:
    from distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(threads_per_worker=1)
    with Client(scheduler or cluster) as client:
        print(client)
        ddf = dd.read_parquet(corpus, columns=["id", "text"])
        print(with_counts(ddf).head())
        tally = tally_corpus(ddf)
        print(tally)
        for path in geomention.write_maps(tally, out_dir):
            print("wrote", path)
    if cluster is not None:
        cluster.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
