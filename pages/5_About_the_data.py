"""About the data: every layer's sources, licenses and attributions, and the software used."""

import streamlit as st

from atlas_streamlit.shared import layer, page_setup
from basemap.about import SOFTWARE, footprint_counts, layer_rows, table_rows
from basemap.catalog import FIGURE_SOURCES
from basemap.i18n import N_
from basemap.reconcile import checks_table, reconcile
from basemap.summary import completeness

_ = page_setup(N_("About the data"))
st.title(_("About the data"))
st.markdown(
    _(
        "Every facility, figure and flashpoint in this atlas carries where it came from (`source`) "
        "and the date it describes (`as_of`). Nothing is estimated: a value no source publishes stays "
        "empty and is shown as *not published*. Where sources disagree, the records keep both "
        "values in their notes and say which one is shown."
    )
)
st.header(_("Layers"))
for row in layer_rows():
    st.subheader(_(row["title"]))
    st.markdown(
        f"{_(row['description'])}  \n"
        + _("File: {file} · schema: {schema}").format(
            file=f"`data/geo/{row['file']}`", schema=f"`data/geo/schema/{row['schema']}`"
        )
    )
    for source in row["sources"]:
        st.markdown(
            f"- **{source.name}**  \n  "
            + _("Reference: {reference}").format(reference=source.reference)
            + "  \n  "
            + _("License: {license}").format(license=source.license)
            + "  \n  "
            + _("Attribution: {attribution}").format(attribution=source.attribution)
        )
footprints = layer("footprints")
if footprints is not None:
    st.subheader(_("Footprints: what was kept"))
    try:
        n = footprint_counts(footprints)
        st.markdown(
            _(
                "{footprints} facility footprints, {partial} of them partial (less than half the published area), "
                "from {candidates} OpenStreetMap candidates considered: {rejected} rejected and {doubtful} left "
                "doubtful, each with its reason in `data/geo/footprint_candidates.csv`. Source: © OpenStreetMap "
                "contributors, Open Database License (ODbL) 1.0; the footprints are offered under the ODbL too."
            ).format(
                footprints=n.footprints,
                partial=n.partial,
                candidates=n.candidates,
                rejected=n.rejected,
                doubtful=n.doubtful,
            )
        )
    except (OSError, ValueError, KeyError) as exc:
        st.error(_("`data/geo/footprint_candidates.csv` could not be read."), icon="⚠️")
        st.code(str(exc), language=None)  # plain text: the message may quote the file
st.header(_("Figure tables"))
st.markdown(
    _(
        "Every row carries its own `source` and date. {license}. Where a year has several published "
        "figures, all are kept and the table says which one the charts show."
    ).format(license=FIGURE_SOURCES.license)
)
for row in table_rows():
    st.markdown(
        f"- **{_(row['title'])}**: {_(row['description'])} "
        + _("File: {file} · schema: {schema}").format(
            file=f"`data/tables/{row['file']}`", schema=f"`data/tables/schema/{row['schema']}`"
        )
    )

st.header(_("Reconciliation with the Ministry of Defense's totals"))
facilities = layer("facilities")
if facilities is not None:
    st.markdown(
        _(
            "The facility layer rebuilds the Ministry of Defense's published exclusive-use totals (SOFA 2-1(a) and "
            "2-4(a)) for the totals' own date: facilities returned later count, parts recorded for announced "
            "returns do not. Counts must match exactly; a prefecture whose every area is known must land within 1% "
            "(or 0.05 km²), since the layer's areas carry their own dates; prefectures whose figures follow another "
            "published basis are listed with the reason (`data/tables/mod_totals.json`)."
        )
    )
    try:
        checks = checks_table(reconcile(facilities))
        st.dataframe(checks.rename(columns={c: _(c) for c in checks.columns}), hide_index=True, width="stretch")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # DataError: unreadable; others: wrong shape
        st.error(_("The Ministry of Defense totals (`data/tables/mod_totals.json`) could not be read."), icon="⚠️")
        st.code(str(exc), language=None)  # plain text: the message may quote the file

if facilities is not None:
    st.header(_("Completeness of the facility layer"))
    st.markdown(
        _(
            "Facilities still provided (returned ones and parts left out), by SOFA category: how many have each "
            "field published. The rest show *not published*: no source read so far gives the value."
        )
    )
    st.dataframe(completeness(facilities, _), hide_index=True, width="stretch")

st.header(_("Online map tiles (optional, off by default)"))
st.markdown(
    _(
        "- GSI tiles (地理院タイル), Geospatial Information Authority of Japan — attribution "
        "“地理院タイル”, https://maps.gsi.go.jp/development/ichiran.html\n"
        "- OpenStreetMap tiles — “© OpenStreetMap contributors”, https://www.openstreetmap.org/copyright"
    )
)
st.header(_("Software that draws the map"))
st.dataframe(SOFTWARE.rename(columns={c: _(c) for c in SOFTWARE.columns}), hide_index=True, width="stretch")
# The headers of basemap.reconcile.checks_table and basemap.about.SOFTWARE, marked for the catalogue.
HEADERS = (
    *(N_("Scope"), N_("Measure"), N_("MOD figure"), N_("Layer"), N_("Areas missing"), N_("Result")),
    *(N_("MOD figure from"), N_("Package"), N_("License"), N_("Used for")),
)
