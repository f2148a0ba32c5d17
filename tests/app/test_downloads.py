"""The Downloads page in AppTest: a button per layer and format, file names from the URL's filter."""

import io
import threading
import zipfile
from pathlib import Path

from streamlit.testing.v1 import AppTest

from atlas_streamlit import shared
from atlas_streamlit.downloads import _view
from basemap.export.formats import LAYER_FORMATS, VIEW_FORMATS
from basemap.filters import FilterState, apply_filters

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "4_Downloads.py")


def run(**query) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def buttons(at: AppTest) -> dict[str, str]:
    """Download buttons by key -> the file name in their help text."""
    return {b.key: b.proto.help.removeprefix("Saves ") for b in at.download_button}


def test_a_button_per_layer_and_format_plus_the_whole_view():
    at = run()
    assert not at.exception
    assert at.title[0].value == "Download the map layers"
    found = buttons(at)
    for layer in ("usfj-facilities", "usfj-prefectures"):
        for fmt in LAYER_FORMATS:
            assert found[f"dl_{layer}_{fmt.key}"].startswith(f"{layer}_all_")
            assert found[f"dl_{layer}_{fmt.key}"].endswith(f".{fmt.extension}")
    assert found["dl_gpkg"].endswith(".gpkg")
    assert found["dl_html"].endswith(".html")
    assert found["dl_bundle"].startswith("usfj-atlas-bundle_all_")
    assert found["dl_bundle"].endswith(".zip")
    assert not any("returned-facilities" in key for key in found)


def test_url_filter_names_the_files_and_adds_the_returned_layer():
    found = buttons(run(prefecture=["Okinawa"], returned=["show"]))
    assert found["dl_usfj-facilities_geojson"].startswith("usfj-facilities_okinawa_with-returned_")
    assert found["dl_usfj-returned-facilities_kml"].startswith("usfj-returned-facilities_okinawa_with-returned_")


def test_bad_filter_url_still_offers_every_download():
    at = run(prefecture=["Atlantis"], colour=["red"])
    assert not at.exception
    [warning] = at.warning
    assert "prefecture “Atlantis”" in warning.value
    found = buttons(at)
    assert found["dl_usfj-facilities_csv"].startswith("usfj-facilities_all_")
    # facilities, prefectures, flashpoints, missile impacts, range rings in every format; four tables
    # in the formats for tables (CSV); the GeoPackage, the HTML map and the bundle
    table_formats = [f for f in LAYER_FORMATS if not f.spatial_only]
    assert len(found) == 5 * len(LAYER_FORMATS) + 4 * len(table_formats) + len(VIEW_FORMATS)


def test_flashpoint_layers_and_figure_tables_are_offered():
    found = buttons(run())
    assert found["dl_usfj-flashpoints_kml"].startswith("usfj-flashpoints_all_")
    assert found["dl_usfj-range-rings_geojson"].startswith("usfj-range-rings_all_")
    assert found["dl_usfj-missile-impacts_shp"].endswith(".shp.zip")
    for table in ("personnel", "host-nation-support", "sma-periods", "exchange-rates"):
        assert found[f"dl_usfj-{table}_csv"].endswith(".csv")
        assert f"dl_usfj-{table}_kml" not in found


def test_html_map_then_bundle_each_build_once_without_waiting_on_itself():
    """What a click runs, in a worker thread as Streamlit runs it. The HTML map, cached a second
    time around its own cached builder, once waited forever on its own cache lock, and the bundle
    (which holds the map) behind it; the join bounds a regression to a failure, not a hang."""
    facilities, prefectures, land = (shared.layer(name) for name in ("facilities", "prefectures", "land"))
    state = FilterState(prefectures=["47"])
    view = _view(apply_filters(facilities, state), prefectures, land, state)
    built = {}

    def click(*names: str) -> None:
        for name in names:
            built[name] = view.file(name)()

    worker = threading.Thread(target=click, args=("html", "bundle"), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), f"waiting on itself after building {sorted(built)}"
    with zipfile.ZipFile(io.BytesIO(built["bundle"])) as bundle:
        assert bundle.read(view.meta.filename("usfj-map", "html")) == built["html"]  # built once, reused
