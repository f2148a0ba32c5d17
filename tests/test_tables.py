"""The figure tables: schemas, units, sources, and clear errors for broken cells."""

import csv
import os
import subprocess
import sys

import pytest

from basemap.datafile import DataError
from basemap.export.layers import table_export_layer
from basemap.paths import TABLE_DIR
from basemap.tables import TABLES, load_table


@pytest.mark.parametrize("key", list(TABLES))
def test_every_shipped_table_loads_and_every_row_has_a_source(key):
    loaded = load_table(key)
    assert loaded.problems == ()
    frame = loaded.frame
    assert len(frame) > 0
    assert frame["source"].map(lambda s: isinstance(s, str) and len(s) > 5).all()


def test_personnel_rows_have_a_date_a_series_and_a_definition():
    personnel = load_table("personnel").frame
    assert personnel["as_of"].str.match(r"^\d{4}").all()
    assert (personnel.groupby("series")["definition"].nunique() >= 1).all()
    assert set(personnel["area"]) == {"Japan", "Okinawa"}


def test_host_nation_support_has_one_preferred_figure_per_year_and_item():
    hns = load_table("host_nation_support").frame
    preferred = hns[hns["preferred"]]
    assert not preferred.duplicated(["fiscal_year", "series", "category"]).any()
    covered = hns.groupby(["fiscal_year", "series", "category"])["preferred"].any()
    assert covered.all(), covered[~covered]
    # units: 億円; the series peaked around 2,700-2,800億円 (FY1999); nothing beyond a few thousand
    assert hns.loc[hns["series"] == "hns", "amount_jpy_100m"].max() < 5000


def test_exchange_rates_are_plausible_yen_per_dollar():
    rates = load_table("exchange_rates").frame
    assert rates["year"].is_unique
    assert rates["jpy_per_usd"].between(70, 400).all()


HEADER = "year,jpy_per_usd,basis,source,notes\n"
GOOD = "1991,140,calendar-year average,src,\n"


def write(tmp_path, content: str | bytes, name: str = "exchange_rates.csv"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_a_broken_cell_sets_its_row_aside_naming_file_row_and_field(tmp_path):
    loaded = load_table("exchange_rates", write(tmp_path, HEADER + "1990,abc,calendar-year average,src,\n" + GOOD))
    assert loaded.frame["year"].tolist() == [1991]
    assert loaded.set_aside == 1
    [problem] = [str(p) for p in loaded.problems]
    assert problem.startswith("exchange_rates.csv, row 2, field 'jpy_per_usd': 'abc' is not a valid number")


def test_a_table_is_validated_once_per_data_version(tmp_path, monkeypatch):
    path = write(tmp_path, HEADER + "1990,140,,src,\n" + GOOD)  # a required cell missing: the schema's finding
    first = load_table("exchange_rates", path)
    monkeypatch.setattr("jsonschema.Draft202012Validator", None)  # a second validation would fail
    again = load_table("exchange_rates", path)
    assert again.problems == first.problems and again.set_aside == first.set_aside == 1
    assert again.frame.equals(first.frame)
    path.write_text(HEADER + GOOD + "1992,abc,avg,src,\n", encoding="utf-8")  # another version: validated again
    with pytest.raises(TypeError):
        load_table("exchange_rates", path)


def test_loading_a_validated_table_imports_no_validator(tmp_path):
    code = (
        "import sys; from basemap.tables import load_table; load_table('personnel'); print('jsonschema' in sys.modules)"
    )
    env = {**os.environ, "ATLAS_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]  # fmt: skip
    assert [run.strip() for run in runs] == ["True", "False"]  # the first validates, the second reads the verdict


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("1990,nan,avg,src,", "jpy_per_usd", "not a finite number"),
        ("1990,inf,avg,src,", "jpy_per_usd", "not a finite number"),
        ("1990,-Infinity,avg,src,", "jpy_per_usd", "not a finite number"),
        ("1990,140,avg,src\x00,", "source", "control character U+0000"),
        ("1990,140,,src,", "basis", "missing (required)"),
        ("1990.5,140,avg,src,", "year", "is not a valid integer"),
        ("1990,140", None, "fewer cells than the header has columns (a truncated row?)"),
        ("1990,140,avg,src,,extra", None, "more cells than the header has columns"),
    ],
)
def test_bad_values_set_their_row_aside(tmp_path, row, field, message):
    loaded = load_table("exchange_rates", write(tmp_path, HEADER + row + "\n" + GOOD))
    assert loaded.frame["year"].tolist() == [1991]
    [problem] = loaded.problems
    assert (problem.file, problem.feature, problem.field) == ("exchange_rates.csv", "row 2", field)
    assert message in problem.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (HEADER, "no usable rows"),
        (
            'year,jpy_per_usd,basis,source,notes\n1990,140,"avg,src,\n',
            "not readable as CSV after line 1: unexpected end of data",
        ),
        ("yr,jpy_per_usd,basis,source,notes,colour\n" + GOOD, "unknown columns ['yr', 'colour']"),
        ("year,basis,source\n" + GOOD, "lacks required columns ['jpy_per_usd']"),
        (HEADER + "1990,140,avg,src," + "x" * 140_000 + "\n", "field larger than field limit"),
        (("year,jpy_per_usd,basis,source,notes\n1990,140,年平均,出典,\n").encode("shift_jis"), "Shift-JIS"),
    ],
)
def test_a_file_that_cannot_be_used_names_itself(tmp_path, content, message):
    with pytest.raises(DataError) as info:
        load_table("exchange_rates", write(tmp_path, content))
    assert str(info.value.problems[0]).startswith("exchange_rates.csv")
    assert message in str(info.value)


def test_a_table_exports_with_its_sources_and_date_span():
    layer = table_export_layer("exchange_rates", load_table("exchange_rates").frame)
    assert layer.name == "usfj-exchange-rates"
    assert not layer.spatial
    assert layer.as_of.startswith("1978")


def test_every_personnel_series_has_a_plain_label():
    with (TABLE_DIR / "personnel_series.csv").open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    codes = [row["series"] for row in labels]
    assert sorted(codes) == sorted(set(load_table("personnel").frame["series"]))
    assert len({row["label_en"] for row in labels}) == len(labels)
    for row in labels:
        assert row["label_en"]
        assert row["label_en"] != row["series"]
        assert "_" not in row["label_en"]
        assert row["role"] in ("main", "other")
        assert row["definition"]
        assert row["source"]
