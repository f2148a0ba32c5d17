"""What every exported file says about itself: title, sources, license, as-of dates, the filter
applied, the app version and the export date; and the file names that say which view and day."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from basemap.cite import APP_NAME, app_version
from basemap.export.layers import ExportLayer
from basemap.filters import FILTERS, FilterState
from basemap.i18n import ENGLISH, Language, language
from basemap.summary import EXCLUSIVE_USE_NOTE, TEMPORARY_USE_NOTE, headline


@dataclass(frozen=True)
class ExportMeta:
    """What every file of one export says about itself."""

    filter_text: str
    filter_slug: str
    exported: date
    app_version: str = field(default_factory=app_version)
    # The language of the human-readable parts (README, KML balloons, the HTML map's labels and info
    # box); field names, file names and machine-readable metadata stay English (README.md documents them).
    lang: str = "en"
    # The filter in English, for the machine-readable metadata ("" when filter_text is English).
    filter_english: str = ""

    @classmethod
    def of(cls, state: FilterState, exported: date | None = None, lang: str = "en") -> ExportMeta:
        return cls(
            state.describe(language(lang)),
            filter_slug(state),
            exported or date.today(),
            lang=lang,
            filter_english=state.describe(ENGLISH),
        )

    @property
    def recorded_filter(self) -> str:
        """The filter as machine-readable metadata records it (JSON member, CSV column): English in
        every language, so a view's data files are the same bytes whichever language asked."""
        return self.filter_english or self.filter_text

    @property
    def language(self) -> Language:
        return language(self.lang)

    def filename(self, stem: str, extension: str) -> str:
        """E.g. usfj-facilities_okinawa_2026-11-24.geojson: what, which view, which day."""
        return f"{stem}_{self.filter_slug}_{self.exported.isoformat()}.{extension}"


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens (file names, KML style ids)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def filter_slug(state: FilterState) -> str:
    """A short file-name part for the filter ("all", "okinawa", "kanagawa-okinawa_navy"...): each
    filter's own words (basemap.filters.FILTERS), joined."""
    parts = ["-".join(slug(word) for word in words) for spec in FILTERS if (words := spec.file_words(state[spec.name]))]
    return "_".join(parts) or "all"


_FACILITY_FIELDS = {"sofa_category", "area_km2", "status", "part_of", "prefecture_code"}


def area_totals(layer: ExportLayer) -> dict | None:
    """Exclusive-use and temporary-use area of a facility layer's records still provided, stated
    apart (different definitions, never added up), each with how many have a published area;
    None for other layers or when no record is still provided."""
    if not layer.spatial or not set(layer.data.columns) >= _FACILITY_FIELDS:
        return None
    figures = headline(layer.geodata)
    if not figures.count:
        return None
    return {
        "exclusive_use_area_km2": round(figures.exclusive.km2, 3),
        "exclusive_use_facilities": figures.exclusive.facilities,
        "exclusive_use_with_area": figures.exclusive.with_area,
        "temporary_use_area_km2": round(figures.temporary.km2, 3),
        "temporary_use_facilities": figures.temporary.facilities,
        "temporary_use_with_area": figures.temporary.with_area,
        "definitions": f"{EXCLUSIVE_USE_NOTE} {TEMPORARY_USE_NOTE} Sums of published areas only (lower bounds).",
    }


def layer_metadata(layer: ExportLayer, meta: ExportMeta) -> dict:
    """The metadata of one layer's file, as a JSON-ready dict."""
    totals = area_totals(layer)
    return {
        "title": layer.title,
        "description": layer.description,
        "records": len(layer.data),
        "records_with_location": layer.located,
        "as_of": layer.as_of,
        **({"area_totals": totals} if totals else {}),
        "filter": meta.recorded_filter,
        "exported": meta.exported.isoformat(),
        "app": f"{APP_NAME} {meta.app_version}",
        "sources": [
            {"name": s.name, "reference": s.reference, "license": s.license, "attribution": s.attribution}
            for s in layer.sources
        ],
    }


def metadata_lines(layer: ExportLayer, meta: ExportMeta) -> list[str]:
    """The metadata as plain-text lines (README.txt, the KML description, the HTML map's info box)."""
    info = layer_metadata(layer, meta)
    _ = meta.language
    lines = [
        f"{_(layer.title)} ({layer.name})",
        f"  {layer.description}" if layer.description else "",
        f"  Records: {info['records']} ({info['records_with_location']} with a location)"
        if layer.spatial
        else f"  Records: {info['records']}",
        f"  As of: {layer.as_of}",
    ]
    totals = info.get("area_totals")
    if totals:
        lines += [
            f"  Exclusive-use area (SOFA 2-1(a)/2-4(a)): {totals['exclusive_use_area_km2']:,.3f} km² "
            f"({totals['exclusive_use_with_area']} of {totals['exclusive_use_facilities']} facilities have an area)",
            f"  Temporary-use area (SOFA 2-4(b)): {totals['temporary_use_area_km2']:,.3f} km² "
            f"({totals['temporary_use_with_area']} of {totals['temporary_use_facilities']} facilities have an area)",
            f"  {totals['definitions']}",
        ]
    for source in layer.sources:
        lines += [
            f"  Source: {source.name}",
            f"    Reference: {source.reference}",
            f"    License: {source.license}",
            f"    Attribution: {source.attribution}",
        ]
    return [line for line in lines if line]


def count_text(layer: ExportLayer, _: Language = ENGLISH) -> str:
    """How many records a layer's files hold and how many have a location (the Downloads page says it)."""
    count = len(layer.data)
    records = _.ngettext("{count} record", "{count} records", count).format(count=_.number(count))
    unlocated = count - layer.located
    if not layer.spatial or not unlocated:
        return records
    return _(
        "{records}, {located} with a location; {unlocated} without a sourced location "
        "(`located` false; the KMZ cannot place them, the Shapefile holds them with an empty shape)"
    ).format(records=records, located=_.number(layer.located), unlocated=_.number(unlocated))


def unlocated_lines(layer: ExportLayer, held: str) -> list[str]:
    """What a format that cannot draw records without a location says about them: how many, how they
    are held (`held`, e.g. "are not in this file"), and their names."""
    names = layer.unlocated_names
    if not names:
        return []
    return [
        f"{len(names)} of the {len(layer.data)} records {'has' if len(names) == 1 else 'have'} no sourced location "
        f"and {held}:",
        *(f"  {name}" for name in names),
    ]


def readme_text(
    layers: Sequence[ExportLayer],
    meta: ExportMeta,
    files: Sequence[str],
    formats: Sequence[tuple[str, str]],
    notes: Sequence[str] = (),
) -> str:
    """The README.txt of a zip: what is in it, from where, under which terms, with which filter,
    and (label, description) of the formats it holds."""
    _ = meta.language
    lines = [
        _("{app} — export of {date}").format(app=APP_NAME, date=meta.exported.isoformat()),
        _("App version: {version}").format(version=meta.app_version),
        _("Filter applied: {filter}").format(filter=meta.filter_text),
        "",
        _("Files:"),
        *(f"  {name}" for name in files),
        "",
        _("Layers:"),
    ]
    for layer in layers:
        lines += metadata_lines(layer, meta) + [""]
    lines += [_("Formats:"), *(f"  {_(label)}: {description.replace('`', '')}" for label, description in formats)]
    lines += list(notes)
    return "\n".join(lines).rstrip() + "\n"
