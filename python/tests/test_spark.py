"""A Spark job in local mode (local[2]) gives the command line's tallies."""

from __future__ import annotations

import os
import sys

import pytest

import geomention

pyspark = pytest.importorskip("pyspark", reason="pyspark is installed by .ci/run")

import spark_job  # noqa: E402  (python/examples)


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = spark_job.session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    # The job's functions are pickled by reference: ship their module, as
    # a job on a cluster does.
    session.sparkContext.addPyFile(spark_job.__file__)
    yield session
    session.stop()


def test_spark_tally_of_parquet_equals_the_command_lines(spark, generated, generated_cli_counts):
    df = spark.read.parquet(str(generated.parquet)).repartition(4)
    tally = spark_job.tally_corpus(df)
    assert tally == geomention.Tally.from_counts(generated_cli_counts.values())
    assert tally.documents == generated.documents


def test_spark_tally_of_json_lines_equals_the_command_lines(spark, generated, generated_cli_counts):
    tally = spark_job.tally_corpus(spark_job.read_corpus(spark, str(generated.jsonl)))
    assert tally == geomention.Tally.from_counts(generated_cli_counts.values())


def test_spark_pandas_udf_counts_equal_the_command_lines(spark, generated, generated_cli_counts):
    df = spark.read.parquet(str(generated.parquet))
    rows = df.select("id", spark_job.countries("text").alias("countries")).collect()
    assert len(rows) == generated.documents
    for row in rows:
        assert dict(row["countries"]) == generated_cli_counts[f"text/{row['id']}.txt"], row["id"]


def test_spark_job_draws_the_maps_on_the_driver(spark, generated, tmp_path):
    tally = spark_job.tally_corpus(spark.read.parquet(str(generated.parquet)))
    written = geomention.write_maps(tally, tmp_path, regions="pacific", formats="geojson")
    assert {"pacific.geojson", "pacific.qml"} <= {os.path.basename(p) for p in written}


def test_spark_tally_by_quarter_equals_the_one_counted_in_process(spark, repo):
    from test_time import dated_corpus

    texts, dates = dated_corpus(repo)
    rows = list(zip(texts, dates))
    df = spark.createDataFrame(rows, "text string, published string").repartition(3)
    tally = spark_job.tally_corpus(df, date_column="published", by="quarter")
    assert tally == geomention.Tally.from_texts(texts, dates=dates, by="quarter")
