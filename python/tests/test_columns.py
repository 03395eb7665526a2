"""Texts as pyarrow arrays, pandas and Polars Series: the same counts as
from a list, nulls as missing texts, clear errors for other columns."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import geomention

TEXTS = ["Fiji and Tonga", None, "", "Cambodian police, Burmese workers", "Café au Vietnam — Hà Nội"]
EXPECTED = [geomention.count(t) if t is not None else None for t in TEXTS]


@pytest.mark.parametrize("arrow_type", [pa.string(), pa.large_string(), pa.string_view()])
def test_pyarrow_arrays_of_every_string_type(arrow_type):
    arr = pa.array(TEXTS, type=arrow_type)
    assert geomention.count_many(arr) == EXPECTED
    assert geomention.Tally.from_texts(arr) == geomention.Tally.from_texts(TEXTS)


def test_pyarrow_string_views_longer_than_their_inline_part():
    long = ["A long report on Myanmar, Laos and Thailand " * 3 + str(i) for i in range(100)]
    arr = pa.array(long, type=pa.string_view())
    assert geomention.count_many(arr) == geomention.count_many(long)


def test_sliced_pyarrow_array_reads_only_its_slice():
    arr = pa.array(TEXTS).slice(3, 2)
    assert geomention.count_many(arr) == EXPECTED[3:5]


def test_chunked_array_and_record_batch_column():
    chunked = pa.chunked_array([TEXTS[:2], TEXTS[2:], []])
    assert geomention.count_many(chunked) == EXPECTED
    batch = pa.RecordBatch.from_pydict({"text": TEXTS})
    assert geomention.count_many(batch.column("text")) == EXPECTED
    table = pa.table({"text": TEXTS})
    assert geomention.count_many(table["text"]) == EXPECTED


def test_all_null_array_is_all_missing():
    assert geomention.count_many(pa.nulls(3)) == [None, None, None]


def test_arrow_table_is_refused_with_a_hint():
    with pytest.raises(TypeError, match=r'pass its text column \(e.g. table\["text"\]\)'):
        geomention.count_many(pa.table({"text": TEXTS}))


def test_arrow_numbers_are_refused():
    with pytest.raises(TypeError, match="must hold strings; got an Arrow array of Int64"):
        geomention.count_many(pa.array([1, 2, 3]))


def test_dictionary_encoded_array_is_refused_with_a_hint():
    with pytest.raises(TypeError, match="cast it to strings first"):
        geomention.count_many(pa.array(["Fiji", "Fiji"]).dictionary_encode())


def test_pandas_series_of_every_string_dtype():
    for series in (
        pd.Series(TEXTS, dtype=object),
        pd.Series(TEXTS, dtype="string"),
        pd.Series(TEXTS, dtype="string[pyarrow]"),
        pd.Series(TEXTS, dtype=pd.ArrowDtype(pa.large_string())),
    ):
        assert geomention.count_many(series) == EXPECTED, series.dtype


def test_pandas_missing_values_are_missing_texts():
    series = pd.Series(["Fiji", float("nan"), pd.NA, None], dtype=object)
    assert geomention.count_many(series) == [{"FJI": 1}, None, None, None]


def test_pandas_column_assignment():
    df = pd.DataFrame({"text": TEXTS})
    df["countries"] = geomention.count_many(df["text"])
    assert df["countries"].tolist() == EXPECTED


def test_pandas_object_column_with_a_number_names_the_row():
    with pytest.raises(TypeError, match=r"texts\[1\] is int, not str"):
        geomention.count_many(pd.Series(["Fiji", 5], dtype=object))


def test_polars_series_and_map_batches():
    s = pl.Series("text", TEXTS)
    assert geomention.count_many(s) == EXPECTED
    df = pl.DataFrame({"text": TEXTS})
    out = df.select(
        pl.col("text").map_batches(
            lambda s: pl.Series([len(c) if c is not None else None for c in geomention.count_many(s)]),
            return_dtype=pl.Int64,
        )
    )
    assert out["text"].to_list() == [2, None, 0, 2, 1]


def test_arrow_buffers_that_are_not_aligned_are_read():
    # Buffers that went through pickle (Dask, Spark) may start at any byte.
    texts = ["Fiji and Tonga", "Burma", ""]
    data = "".join(texts).encode()
    offsets = [0]
    for t in texts:
        offsets.append(offsets[-1] + len(t.encode()))
    raw = b"\0" + b"".join(o.to_bytes(4, "little") for o in offsets)
    unaligned = pa.py_buffer(raw)[1:]
    assert unaligned.address % 4 != 0
    arr = pa.Array.from_buffers(pa.string(), len(texts), [None, unaligned, pa.py_buffer(data)])
    assert geomention.count_many(arr) == [geomention.count(t) for t in texts]
