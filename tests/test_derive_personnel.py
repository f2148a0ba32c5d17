"""The DoD/DMDC personnel series: derived deterministically from the hashed troopdata extract."""

import importlib.util
import shutil

import pytest

from basemap.paths import TABLE_DIR
from basemap.tables import load_table

SCRIPT = TABLE_DIR.parents[1] / "scripts" / "derive_personnel.py"
_spec = importlib.util.spec_from_file_location("derive_personnel", SCRIPT)
derive_personnel = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(derive_personnel)


def raw_reports():
    return derive_personnel.read_csv(derive_personnel.SOURCE_DIR / derive_personnel.REPORTS)


def derived_rows():
    country_year = derive_personnel.read_csv(derive_personnel.SOURCE_DIR / derive_personnel.COUNTRY_YEAR)
    return derive_personnel.derive(raw_reports(), country_year)


def test_the_committed_extract_has_the_recorded_hashes():
    derive_personnel.verify()


def test_a_changed_extract_stops_the_derivation(tmp_path):
    for name in derive_personnel.SHA256:
        shutil.copy(derive_personnel.SOURCE_DIR / name, tmp_path / name)
    path = tmp_path / derive_personnel.REPORTS
    path.write_text(path.read_text(encoding="utf-8").replace("41171", "41172", 1), encoding="utf-8")
    with pytest.raises(SystemExit, match="japan-reports.csv: sha256"):
        derive_personnel.verify(tmp_path)


def test_the_committed_table_is_exactly_what_the_derivation_writes():
    text = derive_personnel.PERSONNEL.read_text(encoding="utf-8")
    assert derived_rows() == derived_rows()
    rewritten = derive_personnel.merged(text, derived_rows())
    assert rewritten.encode("utf-8") == derive_personnel.PERSONNEL.read_bytes()


def test_spot_values_equal_the_raw_report_rows():
    raw = {row["source"]: row for row in raw_reports()}
    table = load_table("personnel").frame
    main = table[table["series"].isin(["dmdc_reports", "dmdc_reports_ryukyu"])]

    def value(as_of, service):
        rows = main[(main["as_of"] == as_of) & (main["service"] == service)]
        assert len(rows) == 1, (as_of, service)
        return int(rows.iloc[0]["personnel"]), rows.iloc[0]

    total, row = value("1972-09", "Total")
    assert total == int(raw["September 1972"]["Total"]) == 41171
    assert (row["area"], row["series"]) == ("Okinawa", "dmdc_reports_ryukyu")
    assert "September 1972" in row["source"]
    assert "troopdata" in row["source"]
    assert value("1972-09", "Marine Corps")[0] == int(raw["September 1972"]["Marine Corps Total"]) == 16104
    total, row = value("2021-09", "Total")
    assert total == int(raw["September 2021"]["Total Active Duty"]) == 56010
    assert row["area"] == "Japan"
    assert "20 Coast Guard" in row["notes"]
    # the report's own Navy column, not the compilation's harmonised navy_ad (0 from 2008)
    assert value("2021-09", "Navy")[0] == int(raw["September 2021"]["Navy Active Duty"]) == 20739
    assert value("1950-06", "Total")[0] == int(raw["June 1950"]["Total Ashore"]) == 115306
    assert "Incl Okinawa" in value("1974-09", "Total")[1]["notes"]


def test_every_report_is_one_total_and_disagreements_stay_visible():
    rows = derived_rows()
    totals = [r for r in rows if r["service"] == "Total"]
    assert len(totals) == len(raw_reports()) == 106
    notes = {r["as_of"]: r["notes"] for r in totals}
    assert "79,296" in notes["2008-09"]  # the country-year outlier, not tabled
    assert "jumps away" in notes["2015-12"]
    assert "DISAGREES" in notes["2021-12"]
    assert "34 more" in notes["2021-12"]
    # 1950-1967 reports have no Navy or Marine Corps total: no partial service stacks
    assert not [r for r in rows if r["as_of"] == "1963-09" and r["service"] != "Total"]


def test_an_unknown_report_row_stops_the_derivation():
    row = dict(raw_reports()[0], Location="Okinawa")
    with pytest.raises(SystemExit, match="unexpected Location"):
        derive_personnel.era(row)
