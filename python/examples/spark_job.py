"""geomention on Spark: executors count their partitions into tallies, the
driver adds them up and draws the maps.

    python spark_job.py CORPUS.parquet|CORPUS.jsonl OUT_DIR [MASTER]

MASTER defaults to local[2]; on a cluster, install the geomention wheel on
every executor (spark.archives with a packed venv, a cluster library on
Databricks, a bootstrap action on EMR) and submit this file as usual.
"""

from __future__ import annotations

import functools
import sys
from typing import Iterator

import pandas as pd
import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType, MapType, StringType

import geomention


def _tally_batches(
    batches: Iterator[pa.RecordBatch], by: str | None = None
) -> Iterator[pa.RecordBatch]:
    """On an executor: one partition's Arrow batches → one tally, as JSON."""
    tally = geomention.Tally()
    for batch in batches:
        dates = batch.column("date") if by else None
        # Spark runs one task per core already: one thread per task.
        tally += geomention.Tally.from_texts(batch.column("text"), threads=1, dates=dates, by=by)
    yield pa.RecordBatch.from_pydict({"tally": [tally.to_json()]})


def tally_corpus(
    df: DataFrame, column: str = "text", date_column: str | None = None, by: str | None = None
) -> geomention.Tally:
    """The corpus tally of a text column: one small tally per partition,
    added up on the driver. With `date_column` and `by` ("year", "quarter",
    "month") it counts per period too, and write_maps draws maps over time."""
    columns = [F.col(column).alias("text")]
    if by:
        columns.append(F.col(date_column or "date").cast("string").alias("date"))
    tally_part = functools.partial(_tally_batches, by=by)
    parts = df.select(*columns).mapInArrow(tally_part, "tally string")
    return sum(
        (geomention.Tally.from_json(row["tally"]) for row in parts.collect()), geomention.Tally()
    )


@F.pandas_udf(MapType(StringType(), IntegerType()))
def countries(text: pd.Series) -> pd.Series:
    """Per-row counts as a map column: {ISO code or region id: count}."""
    return pd.Series(geomention.count_many(text, threads=1), index=text.index)


def read_corpus(spark: SparkSession, path: str) -> DataFrame:
    if path.endswith((".jsonl", ".json", ".jsonl.gz")):
        return spark.read.schema("id string, text string").json(path)
    return spark.read.parquet(path)


def session(master: str = "local[2]") -> SparkSession:
    return (
        SparkSession.builder.master(master)
        .appName("geomention")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def main(corpus: str, out_dir: str, master: str = "local[2]") -> None:
    spark = session(master)
    df = read_corpus(spark, corpus)
    df.select("id", countries("text").alias("countries")).show(5, truncate=80)
    tally = tally_corpus(df)
    print(tally)
    for path in geomention.write_maps(tally, out_dir):
        print("wrote", path)
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
