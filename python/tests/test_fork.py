"""A process forked after the parent used its thread pools (multiprocessing,
Spark's Python workers) still counts in parallel, and does not hang."""

from __future__ import annotations

import multiprocessing
import os
import sys

import pytest

import geomention

TEXTS = ["Kenyan and Filipino workers in Cambodia and Myanmar."] * 5000


def child_job(out_dir: str) -> tuple[list, int, list[str]]:
    counts = geomention.count_many(TEXTS, threads=2)
    tally = geomention.Tally.from_texts(TEXTS)
    written = geomention.write_maps(tally, out_dir, regions="southeast-asia", formats="geojson")
    return counts[:2], tally.documents, [os.path.basename(p) for p in written]


@pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")
def test_forked_children_count_after_the_parent_used_its_pools(tmp_path):
    parent = geomention.count_many(TEXTS, threads=2)  # starts the pools here
    geomention.Tally.from_texts(TEXTS)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        results = [pool.apply_async(child_job, (str(tmp_path / f"maps{i}"),)) for i in range(2)]
        for r in results:
            counts, documents, written = r.get(timeout=120)  # a hang fails here
            assert counts == parent[:2]
            assert documents == len(TEXTS)
            assert {"southeast-asia.geojson", "southeast-asia.qml"} <= set(written)
