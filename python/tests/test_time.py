"""Tallies by period from Python (dates per text) and the maps over time
write_maps draws from them: the same files as `geomention map --by`."""

from __future__ import annotations

import datetime
import pickle
import re
import subprocess
from pathlib import Path

import pytest

import geomention


def dated_corpus(repo: Path) -> tuple[list[str], list[str | None]]:
    files = sorted((repo / "examples" / "dated-corpus").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    dates = [m.group(0) if (m := re.match(r"\d{4}-\d{2}-\d{2}", p.name)) else None for p in files]
    return texts, dates


def test_maps_over_time_are_the_same_files_as_the_command_lines(cli, repo, tmp_path):
    by_cli, by_python = tmp_path / "cli", tmp_path / "python"
    subprocess.run(
        [str(cli), "map", "examples/dated-corpus", "--by", "quarter", "--out", str(by_cli),
         "--format", "geojson,png,svg", "-q"],
        cwd=repo,
        check=True,
    )
    texts, dates = dated_corpus(repo)
    assert None in dates  # one undated report, counted in the totals only
    tally = geomention.Tally.from_texts(texts, dates=dates, by="quarter")
    written = geomention.write_maps(tally, by_python, formats="geojson,png,svg")
    names = sorted(Path(p).name for p in written)
    assert names == sorted(p.name for p in by_cli.iterdir() if p.name != "mentions.csv")
    assert "africa-periods.geojson" in names and "pacific-trend.png" in names
    for name in names:
        assert (by_python / name).read_bytes() == (by_cli / name).read_bytes(), name


def test_tallies_by_period_add_up_across_parts_and_pickle(repo):
    texts, dates = dated_corpus(repo)
    whole = geomention.Tally.from_texts(texts, dates=dates, by="month")
    parts = [
        geomention.Tally.from_texts(texts[i::3], dates=dates[i::3], by="month", threads=1)
        for i in range(3)
    ]
    assert sum(parts) == whole
    assert pickle.loads(pickle.dumps(whole)) == whole


def test_dates_may_be_dates_timestamps_and_missing_values():
    pd = pytest.importorskip("pandas")
    texts = ["Fiji.", "Tonga.", "Palau.", "Samoa."]
    as_str = geomention.Tally.from_texts(texts, dates=["2024-01-05", "2024-02-01", None, None], by="month")
    as_dates = geomention.Tally.from_texts(
        texts,
        dates=[datetime.date(2024, 1, 5), datetime.datetime(2024, 2, 1, 9, 30), None, float("nan")],
        by="month",
    )
    as_series = geomention.Tally.from_texts(
        texts, dates=pd.Series(pd.to_datetime(["2024-01-05", "2024-02-01", None, None])), by="month"
    )
    assert as_str == as_dates == as_series


def test_dates_must_match_the_texts_one_for_one():
    with pytest.raises(ValueError, match="dates has 1 items but there are more texts"):
        geomention.Tally.from_texts(["Fiji.", "Tonga."], dates=["2024-01-05"], by="year")
    with pytest.raises(ValueError, match="dates has 3 items for 2 texts"):
        geomention.Tally.from_texts(["Fiji.", "Tonga."], dates=["2024", "2024", "2024"], by="year")
    with pytest.raises(TypeError, match=r"dates\[1\] is list"):
        geomention.Tally.from_texts(["Fiji.", "Tonga."], dates=["2024", ["2024"]], by="year")
    with pytest.raises(TypeError, match="not a single str"):
        geomention.Tally.from_texts(["Fiji."], dates="2024-01-05", by="year")


def test_an_unknown_period_is_refused_with_the_librarys_message():
    with pytest.raises(geomention.GeomentionError, match="week"):
        geomention.Tally.from_texts(["Fiji."], dates=["2024-01-05"], by="week")


def test_a_tally_without_periods_draws_no_maps_over_time(tmp_path):
    tally = geomention.Tally.from_texts(["Fiji and Tonga."], dates=["2024-01-05"])
    written = [Path(p).name for p in geomention.write_maps(tally, tmp_path, regions="pacific")]
    assert written and not any("periods" in n or "trend" in n for n in written)
