"""Tally: counting, merging, pickling, building from counts, and errors."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

import geomention

TEXTS = [
    "Scam compounds in Myanmar hold Kenyan and Filipino workers.",
    "Fiji and Tonga; the Pacific islands are exposed.",
    None,
    "",
    "Burma, Burma and Laos.",
]


def test_from_texts_counts_documents_mentions_and_regions():
    t = geomention.Tally.from_texts(TEXTS)
    assert t.documents == 4  # None is not a document, "" is
    assert t.countries["MMR"] == {"mentions": 3, "documents": 2}
    assert t.countries["FJI"] == {"mentions": 1, "documents": 1}
    assert t.regions == {"pacific": {"mentions": 1, "documents": 1}}
    assert t.region_documents["pacific"] == 1
    assert t.region_documents["southeast-asia"] == 2
    assert t.region_documents["africa"] == 1
    assert list(t.region_documents)[0] == geomention.regions()[0].id


def test_from_texts_is_the_same_for_any_thread_count():
    texts = TEXTS * 2000
    one = geomention.Tally.from_texts(texts, threads=1)
    assert geomention.Tally.from_texts(texts, threads=2) == one
    assert geomention.Tally.from_texts(texts) == one
    assert one.documents == 8000


def test_from_counts_of_count_many_equals_from_texts():
    counts = geomention.count_many(TEXTS)
    assert geomention.Tally.from_counts(counts) == geomention.Tally.from_texts(TEXTS)


def test_from_counts_accepts_codes_names_and_region_ids():
    t = geomention.Tally.from_counts([{"MMR": 2, "Burma": 1, "pacific": 1, "KH": 0}, {}])
    assert t.documents == 2
    assert t.countries == {"MMR": {"mentions": 3, "documents": 1}}
    assert t.regions == {"pacific": {"mentions": 1, "documents": 1}}


def test_from_counts_refuses_a_single_mapping():
    with pytest.raises(TypeError, match="one mapping per document"):
        geomention.Tally.from_counts({"MMR": 1})


def test_from_counts_names_an_unknown_country():
    with pytest.raises(geomention.UnknownCountryError, match='unknown country "Atlantis"'):
        geomention.Tally.from_counts([{"MMR": 1}, {"Atlantis": 2}])


@pytest.mark.parametrize("bad", [-1, 1.5, "3", 2**32])
def test_from_counts_refuses_counts_that_are_not_whole_numbers(bad):
    with pytest.raises(ValueError, match=r"counts\[0\]\['FJI'\]|counts\[0\]\[\"FJI\"\]"):
        geomention.Tally.from_counts([{"FJI": bad}])


def test_from_counts_refuses_items_that_are_not_mappings():
    with pytest.raises(TypeError, match=r"counts\[1\] is str"):
        geomention.Tally.from_counts([{"FJI": 1}, "Fiji"])


def test_tallies_add_and_sum():
    a = geomention.Tally.from_texts(TEXTS[:2])
    b = geomention.Tally.from_texts(TEXTS[2:])
    whole = geomention.Tally.from_texts(TEXTS)
    assert a + b == whole
    assert sum([a, b]) == whole
    assert sum([a, b], geomention.Tally()) == whole
    c = copy.copy(a)
    c += b
    assert c == whole
    a.merge(b)
    assert a == whole


def test_adding_something_else_is_a_type_error():
    with pytest.raises(TypeError):
        geomention.Tally() + 1  # type: ignore[operator]


def test_tally_pickles_and_round_trips_through_json():
    t = geomention.Tally.from_texts(TEXTS)
    assert pickle.loads(pickle.dumps(t)) == t
    assert pickle.loads(pickle.dumps(t, protocol=2)) == t
    assert geomention.Tally.from_json(t.to_json()) == t
    data = json.loads(t.to_json())
    assert data["documents"] == 4
    assert "MMR" in data["countries"]


def test_from_json_refuses_what_is_not_a_tally():
    with pytest.raises(geomention.InvalidArgumentError, match="reading a tally from JSON"):
        geomention.Tally.from_json("[1, 2, 3]")
    with pytest.raises(geomention.InvalidArgumentError, match='unknown country code "Burma"'):
        geomention.Tally.from_json('{"countries": {"Burma": {"mentions": 1, "documents": 1}}}')


def test_merging_a_tally_of_other_regions_is_refused():
    other = json.loads(geomention.Tally.from_texts(["Fiji"]).to_json())
    other["region_ids"] = ["mekong"]
    other["members"] = [["KHM", "LAO"]]
    other["region_documents"] = {}
    foreign = geomention.Tally.from_json(json.dumps(other))
    with pytest.raises(geomention.InvalidArgumentError, match="different region sets"):
        geomention.Tally.from_texts(["Tonga"]) + foreign


def test_repr_names_documents_and_countries():
    assert repr(geomention.Tally.from_texts(["Fiji", "Tonga"])) == "Tally(documents=2, countries=2)"
