"""A Dask job on a distributed.LocalCluster (two worker processes) gives
the command line's tallies."""

from __future__ import annotations

import os

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


def test_dask_tally_equals_the_command_lines(client, generated, generated_cli_counts):
    ddf = dd.read_parquet(str(generated.parquet), columns=["id", "text"]).repartition(npartitions=6)
    tally = dask_job.tally_corpus(ddf)
    assert tally == geomention.Tally.from_counts(generated_cli_counts.values())
    assert tally.documents == generated.documents


def test_dask_per_row_counts_equal_the_command_lines(client, generated, generated_cli_counts):
    ddf = dd.read_parquet(str(generated.parquet), columns=["id", "text"]).repartition(npartitions=3)
    df = dask_job.with_counts(ddf).compute()
    assert len(df) == generated.documents
    for doc_id, counts in zip(df["id"], df["countries"]):
        assert counts == generated_cli_counts[f"text/{doc_id}.txt"], doc_id
