"""Throughput of the Python package against the command line on the same
generated corpus: count_many on 1 and 2 threads, a Spark local[2] job and a
Dask LocalCluster job (two worker processes), each giving the same tally.

    python bench.py WORK_DIR [MEGABYTES] [CLI]

Writes the corpus (text files for the command line, Parquet for the rest)
under WORK_DIR once, then prints one line per run: seconds and MB/s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import geomention

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402


def timed(label: str, megabytes: float, fn):
    start = time.perf_counter()
    result = fn()
    s = time.perf_counter() - start
    print(f"{label:<38} {s:7.2f} s  {megabytes / s:7.1f} MB/s", flush=True)
    return result


def main(work: str, megabytes: int = 1000, cli: str = "target/release/geomention") -> None:
    work_dir = Path(work)
    mean_size = 20_000
    if not (work_dir / "corpus.parquet").exists():
        corpus.write(work_dir, documents=megabytes * 1_000_000 // mean_size, seed=7, mean_size=mean_size)
    import pyarrow.parquet as pq

    table = pq.read_table(work_dir / "corpus.parquet")
    texts = table.column("text")
    mb = sum(len(t.as_py().encode()) for t in texts) / 1e6 if len(texts) < 1000 else texts.nbytes / 1e6
    print(f"{len(texts)} documents, {mb:.0f} MB; {os.cpu_count()} cores", flush=True)

    def run_cli():
        out = subprocess.run(
            [cli, "mentions", "text", "--format", "json", "--quiet"],
            cwd=work_dir, check=True, capture_output=True,
        ).stdout
        return geomention.Tally.from_counts(
            {**d["countries"], **d["regions"]} for d in json.loads(out)
        )

    reference = timed("command line (mentions --format json)", mb, run_cli)
    for threads in (1, 2):
        t = timed(f"Tally.from_texts(arrow), threads={threads}", mb,
                  lambda: geomention.Tally.from_texts(texts, threads=threads))
        assert t == reference
        timed(f"count_many(arrow), threads={threads}", mb,
              lambda: geomention.count_many(texts, threads=threads))
    pylist = texts.to_pylist()
    timed("count_many(list of str), threads=2", mb, lambda: geomention.count_many(pylist, threads=2))
    del pylist

    if "spark" in sys.argv[4:] or not sys.argv[4:]:
        import spark_job

        os.environ["PYSPARK_PYTHON"] = sys.executable
        spark = spark_job.session("local[2]")
        spark.sparkContext.setLogLevel("ERROR")
        spark.sparkContext.addPyFile(spark_job.__file__)
        t = timed("Spark local[2] (session up)", mb,
                  lambda: spark_job.tally_corpus(spark.read.parquet(str(work_dir / "corpus.parquet"))))
        assert t == reference
        spark.stop()
    if "dask" in sys.argv[4:] or not sys.argv[4:]:
        import dask.dataframe as dd
        import distributed

        import dask_job

        os.environ["PYTHONPATH"] = str(HERE)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as c, \
                distributed.Client(c):
            t = timed("Dask LocalCluster 2x1 (cluster up)", mb,
                      lambda: dask_job.tally_corpus(dd.read_parquet(str(work_dir / "corpus.parquet"), columns=["text"])))
            assert t == reference


if __name__ == "__main__":
    args = sys.argv[1:4]
    main(args[0], int(args[1]) if len(args) > 1 else 1000, *(args[2:3]))
