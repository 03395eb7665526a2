"""find, count, count_many, lookup and regions: behaviour and errors."""

from __future__ import annotations

import pytest

import geomention
from geomention import errors


def test_find_gives_character_offsets_that_slice_the_str():
    text = "Après la fête — café, crème, naïveté — the Cambodians “left” for Burma."
    found = geomention.find(text)
    assert [m.text for m in found] == ["Cambodians", "Burma"]
    for m in found:
        assert text[m.start : m.end] == m.text
    assert [m.iso_a3 for m in found] == ["KHM", "MMR"]
    assert [m.kind for m in found] == ["demonym", "alias"]
    assert found[1].name == "Myanmar"


def test_find_offsets_after_astral_characters():
    text = "🙂🙂 Fiji 🙂 Tonga"
    found = geomention.find(text)
    assert [(m.start, m.end) for m in found] == [(3, 7), (10, 15)]
    assert [text[m.start : m.end] for m in found] == ["Fiji", "Tonga"]


def test_find_reports_region_phrases_with_their_region_id():
    (m,) = geomention.find("Across Southeast Asia, compounds grew.")
    assert m.iso_a3 is None
    assert m.region == "southeast-asia"
    assert m.kind == "region"
    assert m.to_dict() == {
        "start": 7,
        "end": 21,
        "text": "Southeast Asia",
        "kind": "region",
        "iso_a3": None,
        "region": "southeast-asia",
        "name": m.name,
    }


def test_find_reads_lone_surrogates_as_one_character_each():
    text = "\ud800 Fiji \udfff Tonga"
    found = geomention.find(text)
    assert [text[m.start : m.end] for m in found] == ["Fiji", "Tonga"]


def test_find_skips_other_readings():
    assert geomention.find("Chad Smith said the turkey was fine china.") == []


def test_mentions_compare_equal_and_hash():
    a, b = geomention.find("Fiji"), geomention.find("Fiji")
    assert a == b and hash(a[0]) == hash(b[0])
    assert "iso_a3='FJI'" in repr(a[0])


def test_count_keys_countries_by_code_and_regions_by_id():
    text = "Myanmar, Burma and Cambodia; compounds across Southeast Asia."
    assert geomention.count(text) == {"MMR": 2, "KHM": 1, "southeast-asia": 1}
    assert geomention.count(text, regions=False) == {"MMR": 2, "KHM": 1}
    assert geomention.count("") == {}


def test_count_refuses_what_is_not_a_str():
    with pytest.raises(TypeError):
        geomention.count(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        geomention.count(b"Fiji")  # type: ignore[arg-type]


def test_count_many_keeps_order_and_marks_missing_texts():
    texts = ["Fiji", None, "", "Burma and Laos", float("nan")]
    assert geomention.count_many(texts) == [{"FJI": 1}, None, {}, {"MMR": 1, "LAO": 1}, None]


def test_count_many_equals_count_for_every_thread_count():
    texts = [f"Report {i}: Kenyan and Filipino staff in Cambodia, Chad Smith said." for i in range(3000)]
    texts += ["Tonga " * 5000]
    expected = [geomention.count(t) for t in texts]
    for threads in (None, 1, 2, 3):
        assert geomention.count_many(texts, threads=threads) == expected


def test_count_many_reads_generators_and_tuples():
    assert geomention.count_many(t for t in ["Fiji", "Tonga"]) == [{"FJI": 1}, {"TON": 1}]
    assert geomention.count_many(("Fiji",), regions=False) == [{"FJI": 1}]
    assert geomention.count_many([]) == []


def test_count_many_spans_several_rounds():
    # More texts than one round holds (50,000): order must survive.
    texts = ["Fiji" if i % 2 else "Tonga" for i in range(120_001)]
    out = geomention.count_many(texts)
    assert len(out) == len(texts)
    assert out[0] == {"TON": 1} and out[1] == {"FJI": 1} and out[-1] == {"TON": 1}


def test_count_many_names_the_item_that_is_not_a_str():
    with pytest.raises(TypeError, match=r"texts\[2\] is int, not str"):
        geomention.count_many(["Fiji", None, 7])


def test_count_many_refuses_a_single_str():
    with pytest.raises(TypeError, match="not a single str"):
        geomention.count_many("Fiji and Tonga")


def test_count_many_refuses_something_not_iterable():
    with pytest.raises(TypeError, match="got int"):
        geomention.count_many(5)


@pytest.mark.parametrize("threads", [0, -1, 100_000])
def test_count_many_refuses_bad_thread_counts(threads):
    with pytest.raises((ValueError, OverflowError)):
        geomention.count_many(["Fiji"], threads=threads)


def test_lookup_resolves_codes_names_and_demonyms():
    mm = geomention.lookup("Burma")
    assert (mm.iso_a3, mm.iso_a2, mm.iso_n3, mm.name) == ("MMR", "MM", "104", "Myanmar")
    assert geomention.lookup("kh").iso_a3 == "KHM"
    assert geomention.lookup("Filipino").iso_a3 == "PHL"
    assert geomention.lookup("Côte d’Ivoire") == geomention.lookup("Ivory Coast")


def test_lookup_of_an_unknown_name_suggests_close_ones():
    with pytest.raises(geomention.UnknownCountryError) as info:
        geomention.lookup("Cambodiia")
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, geomention.GeomentionError)
    assert str(err).startswith('unknown country "Cambodiia"; did you mean')
    assert err.query == "Cambodiia"
    assert "Cambodia (KHM)" in err.suggestions


def test_regions_lists_the_bundled_regions():
    regions = {r.id: r for r in geomention.regions()}
    assert {"world", "southeast-asia", "africa", "pacific"} <= set(regions)
    sea = regions["southeast-asia"]
    assert len(sea.members) == 11 and "MMR" in sea.members
    assert "Southeast Asia" in sea.phrases


def test_every_error_class_is_a_geomention_error():
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.GeomentionError)
    assert issubclass(errors.GeomentionFileNotFoundError, FileNotFoundError)
    assert issubclass(errors.GeomentionPermissionError, PermissionError)


def test_version_is_the_crate_version(repo):
    cargo = (repo / "python" / "Cargo.toml").read_text(encoding="utf-8")
    assert f'version = "{geomention.__version__}"' in cargo
