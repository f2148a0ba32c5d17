"""The figure tables: schemas, units, sources, and clear errors for broken cells."""

import csv

import pytest

from basemap.export.layers import table_export_layer
from basemap.load import DataError
from basemap.paths import TABLE_DIR
from basemap.tables import TABLES, load_table


@pytest.mark.parametrize("key", list(TABLES))
def test_every_shipped_table_loads_and_every_row_has_a_source(key):
    frame = load_table(key)
    assert len(frame) > 0
    assert frame["source"].map(lambda s: isinstance(s, str) and len(s) > 5).all()


def test_personnel_rows_have_a_date_a_series_and_a_definition():
    personnel = load_table("personnel")
    assert personnel["as_of"].str.match(r"^\d{4}").all()
    assert (personnel.groupby("series")["definition"].nunique() >= 1).all()
    assert set(personnel["area"]) == {"Japan", "Okinawa"}


def test_host_nation_support_has_one_preferred_figure_per_year_and_item():
    hns = load_table("host_nation_support")
    preferred = hns[hns["preferred"]]
    assert not preferred.duplicated(["fiscal_year", "series", "category"]).any()
    covered = hns.groupby(["fiscal_year", "series", "category"])["preferred"].any()
    assert covered.all(), covered[~covered]
    # units: 億円; the series peaked around 2,700-2,800億円 (FY1999); nothing beyond a few thousand
    assert hns.loc[hns["series"] == "hns", "amount_jpy_100m"].max() < 5000


def test_exchange_rates_are_plausible_yen_per_dollar():
    rates = load_table("exchange_rates")
    assert rates["year"].is_unique
    assert rates["jpy_per_usd"].between(70, 400).all()


def test_a_broken_cell_names_file_row_and_field(tmp_path):
    path = tmp_path / "exchange_rates.csv"
    path.write_text("year,jpy_per_usd,basis,source,notes\n1990,abc,calendar-year average,src,\n1991,140,,src,\n")
    with pytest.raises(DataError) as info:
        load_table("exchange_rates", path)
    text = str(info.value)
    assert "exchange_rates.csv, row 2, field 'jpy_per_usd'" in text
    assert "row 3" in text
    assert "basis" in text


def test_a_table_exports_with_its_sources_and_date_span():
    layer = table_export_layer("exchange_rates", load_table("exchange_rates"))
    assert layer.name == "usfj-exchange-rates"
    assert not layer.spatial
    assert layer.as_of.startswith("1978")


def test_every_personnel_series_has_a_plain_label():
    with (TABLE_DIR / "personnel_series.csv").open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    codes = [row["series"] for row in labels]
    assert sorted(codes) == sorted(set(load_table("personnel")["series"]))
    assert len({row["label_en"] for row in labels}) == len(labels)
    for row in labels:
        assert row["label_en"]
        assert row["label_en"] != row["series"]
        assert "_" not in row["label_en"]
        assert row["role"] in ("main", "other")
        assert row["definition"]
        assert row["source"]
