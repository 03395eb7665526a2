"""write_maps: the same files as the command line, and clear errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import geomention


def corpus_texts(repo: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((repo / "examples" / "corpus").glob("*.txt"))]


def test_write_maps_writes_the_same_files_as_the_command_line(cli, repo, tmp_path):
    by_cli, by_python = tmp_path / "cli", tmp_path / "python"
    subprocess.run(
        [str(cli), "map", "examples/corpus", "--out", str(by_cli), "--format", "geojson,png,svg", "-q"],
        cwd=repo,
        check=True,
    )
    tally = geomention.Tally.from_texts(corpus_texts(repo))
    written = geomention.write_maps(tally, by_python, formats=["geojson", "png", "svg"])
    names = sorted(Path(p).name for p in written)
    assert names == sorted(p.name for p in by_cli.iterdir() if p.name != "mentions.csv")
    for region in ("southeast-asia", "africa", "pacific"):
        for ext in ("geojson", "qml", "png", "svg"):
            assert f"{region}.{ext}" in names
    for name in names:
        assert (by_python / name).read_bytes() == (by_cli / name).read_bytes(), name


def test_write_maps_takes_regions_classes_and_sizes(tmp_path):
    tally = geomention.Tally.from_texts(["Fiji, Tonga, Tonga and Palau.", "Samoa and Fiji."])
    written = geomention.write_maps(
        tally,
        tmp_path,
        regions="pacific",
        formats="geojson",
        classes=[1, 2],
        class_count=3,
        title="Pacific",
        width=800,
        height=600,
        labels=3,
        threads=1,
    )
    names = [Path(p).name for p in written]
    assert {"pacific.geojson", "pacific.qml"} <= set(names)
    assert not any(n.endswith((".png", ".svg")) for n in names)
    geojson = (tmp_path / "pacific.geojson").read_text(encoding="utf-8")
    assert '"TON"' in geojson


def test_write_maps_of_an_unknown_region_lists_the_valid_ones(tmp_path):
    with pytest.raises(geomention.UnknownRegionError) as info:
        geomention.write_maps(geomention.Tally(), tmp_path, regions=["atlantis"])
    assert info.value.region == "atlantis"
    assert "pacific" in info.value.valid
    assert "valid regions are" in str(info.value)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"formats": "gif"}, 'unknown format "gif"'),
        ({"classes": [5, 1]}, "strictly ascending"),
        ({"classes": "best"}, "is not a number"),
        ({"class_count": 9}, "class_count=9 is out of range; use 1 to 8"),
        ({"width": 10}, "width=10 is out of range"),
    ],
)
def test_write_maps_refuses_bad_options_with_the_library_message(tmp_path, kwargs, message):
    with pytest.raises(geomention.InvalidArgumentError, match=message):
        geomention.write_maps(geomention.Tally(), tmp_path, **kwargs)
    assert not any(tmp_path.iterdir())


def test_write_maps_under_a_file_names_the_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(geomention.InvalidArgumentError) as info:
        geomention.write_maps(geomention.Tally(), blocker / "maps")
    assert f"{blocker / 'maps'}: cannot write output there" in str(info.value)


def test_write_maps_refuses_options_of_the_wrong_type(tmp_path):
    with pytest.raises(TypeError, match="formats must be a str or a list of str"):
        geomention.write_maps(geomention.Tally(), tmp_path, formats=3)
