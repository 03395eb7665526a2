"""A Dask job on a distributed.LocalCluster (two worker processes) gives
the command line's tallies."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import geomention

dd = pytest.importorskip("dask.dataframe", reason="dask is installed by .ci/run")
distributed = pytest.importorskip("distributed")

import dask_job  # noqa: E402  (python/examples)


@pytest.fixture(scope="module")
def client():
    # The job's functions are pickled by reference: the workers (new
    # processes) import their module from the path they inherit.
    examples = os.path.dirname(dask_job.__file__)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [examples, os.environ.get("PYTHONPATH")]))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


def corpus_frame(generated, npartitions):
    # Partitions built from pandas: no transfers between workers, which
    # stalled now and then on a loaded 2-core machine.
    return dd.from_pandas(pd.read_parquet(generated.parquet), npartitions=npartitions)


def test_dask_tally_equals_the_command_lines(client, generated, generated_cli_counts):
    ddf = corpus_frame(generated, 6)
    parts = ddf["text"].map_partitions(dask_job._tally_partition, meta=(None, object))
    # What dask_job.tally_corpus does, with a deadline instead of a hang.
    tally = sum(client.compute(parts).result(timeout=300), geomention.Tally())
    assert tally == geomention.Tally.from_counts(generated_cli_counts.values())
    assert tally.documents == generated.documents


def test_dask_per_row_counts_equal_the_command_lines(client, generated, generated_cli_counts):
    df = client.compute(dask_job.with_counts(corpus_frame(generated, 3))).result(timeout=300)
    assert len(df) == generated.documents
    for doc_id, counts in zip(df["id"], df["countries"]):
        assert counts == generated_cli_counts[f"text/{doc_id}.txt"], doc_id
