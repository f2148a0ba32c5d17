"""The coded values of the data (services, SOFA categories, statuses, flashpoint kinds, missile
impact zones) with their labels and map colours, defined once.

Filters, URL parsing, maps, legends, charts and exports all read these, so a colour or a label
changes in one place. Each value is a Term with its English and Japanese labels (the Japanese
ones the Ministry of Defense's terms: 専用施設, 一時使用, 米海兵隊...).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from basemap.i18n import ENGLISH, Language


@dataclass(frozen=True)
class Term:
    """One value of a coded field: its code in the data files, its English and Japanese labels, its
    map colour and, where colour must not carry the meaning alone, its map symbol's shape (maps draw it)."""

    code: str
    label: str
    color: str | None = None
    shape: str | None = None
    label_ja: str | None = None

    def text(self, _: Language = ENGLISH) -> str:
        """The label in the reader's language (English where no Japanese label is given)."""
        return self.label_ja if _.ja and self.label_ja else self.label


@dataclass(frozen=True)
class Vocabulary:
    """The terms of one field, in display order."""

    terms: tuple[Term, ...]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, code: object) -> bool:
        return any(term.code == code for term in self.terms)

    def __getitem__(self, code: str) -> Term:
        for term in self.terms:
            if term.code == code:
                return term
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms)

    def label(self, code: str, _: Language = ENGLISH) -> str:
        """The label of a code in the reader's language; an unknown code shows as itself (never hidden)."""
        return self[code].text(_) if code in self else code

    def _find(self, code: object) -> Term | None:
        return next((term for term in self.terms if term.code == code), None)

    def color(self, code: object, default: str) -> str:
        """The colour of a code, or `default` for an unknown or missing one."""
        term = self._find(code)
        return term.color if term is not None and term.color else default

    def shape(self, code: object, default: str) -> str:
        """The map symbol's shape of a code, or `default` for an unknown or missing one."""
        term = self._find(code)
        return term.shape if term is not None and term.shape else default

    def subset(self, *codes: str) -> Vocabulary:
        """The terms with these codes, in the order given (a field that uses some of the terms)."""
        return Vocabulary(tuple(self[code] for code in codes))


UNKNOWN_COLOR = "#616161"  # a value not given or not in the vocabulary

# A facility's managing service shows by its marker's shape too (maps.symbols), each its own;
# Space Force manages no facility here, so it has none (a circle, as an unknown service).
SERVICES = Vocabulary(
    (
        Term("Army", "Army", "#2e7d32", "square", label_ja="米陸軍"),
        Term("Navy", "Navy", "#1f3f99", "diamond", label_ja="米海軍"),
        Term("Air Force", "Air Force", "#0288d1", "triangle", label_ja="米空軍"),
        Term("Marine Corps", "Marine Corps", "#c62828", "star", label_ja="米海兵隊"),
        Term("Space Force", "Space Force", "#37474f", label_ja="米宇宙軍"),
        Term("Joint", "Joint", "#6a1b9a", "circle", label_ja="米軍共同管理"),
        Term("SDF", "SDF", "#ef6c00", "hexagon", label_ja="自衛隊"),
    )
)
FACILITY_SERVICES = SERVICES.subset("Army", "Navy", "Air Force", "Marine Corps", "Joint", "SDF")  # managing service
PERSONNEL_SERVICES = SERVICES.subset("Army", "Navy", "Marine Corps", "Air Force", "Space Force")  # DMDC counts

SOFA_CATEGORIES = Vocabulary(
    (
        Term("2-1(a)", "Exclusive use (2-1(a))", label_ja="専用施設（2-1(a)）"),
        Term("2-4(a)", "Exclusive use, also used by Japan (2-4(a))", label_ja="専用施設・日本側の共同使用（2-4(a)）"),
        Term("2-4(b)", "Temporary use (2-4(b))", label_ja="一時使用（2-4(b)）"),
    )
)
EXCLUSIVE_USE = ("2-1(a)", "2-4(a)")  # the Ministry of Defense's exclusive-use facilities (専用施設)
TEMPORARY_USE = ("2-4(b)",)  # facilities U.S. forces use temporarily (一時使用), mostly SDF training areas

STATUSES = Vocabulary(
    (
        Term("active", "Active", label_ja="使用中"),
        Term("return_planned", "Return planned", label_ja="返還予定"),
        Term("returned", "Returned", "#9e9e9e", label_ja="返還済み"),
    )
)

# Each kind has its own shape and colour, no shape a facility service's or a circle (the
# Flashpoints map draws the facilities too) and no colour a service's or an impact zone's; every
# colour has at least 3:1 contrast on the basemap's land and sea.
FLASHPOINT_KINDS = Vocabulary(
    (
        Term("territorial_dispute", "Territorial dispute", "#ad1457", "flag", "領土問題"),
        Term("strait", "Strait", "#00838f", "hourglass", "海峡"),
        Term("demarcation_line", "Demarcation line", "#000000", "bar", "軍事境界線"),
        Term("missile_launch_site", "Missile launch site", "#a0522d", "arrow", "ミサイル発射場"),
        Term("maritime_feature", "Maritime feature", "#000080", "pentagon", "海洋地形"),
        Term("resource_area", "Resource area", "#808000", "drop", "資源開発海域"),
        Term("island_group", "Island group", "#b000b5", "triangle_down", "島しょ群"),
    )
)

IMPACT_ZONES = Vocabulary(
    (
        Term("inside_eez", "Inside Japan's EEZ", "#d50000", label_ja="日本のEEZ内"),
        Term("outside_eez", "Outside Japan's EEZ", "#ff6f00", label_ja="日本のEEZ外"),
        Term("overflew_japan", "Overflew Japan", "#6200ea", label_ja="日本上空を通過"),
        Term("unknown", "Not stated", UNKNOWN_COLOR, label_ja="記載なし"),
    )
)

# The parties to a flashpoint, as the data names them (data/geo/flashpoints.geojson `parties`).
PARTIES = Vocabulary(
    (
        Term("Japan", "Japan", label_ja="日本"),
        Term("China", "China", label_ja="中国"),
        Term("Taiwan", "Taiwan", label_ja="台湾"),
        Term("South Korea", "South Korea", label_ja="韓国"),
        Term("North Korea", "North Korea", label_ja="北朝鮮"),
        Term("Russia", "Russia", label_ja="ロシア"),
        Term("Philippines", "Philippines", label_ja="フィリピン"),
        Term("Vietnam", "Vietnam", label_ja="ベトナム"),
        Term("Malaysia", "Malaysia", label_ja="マレーシア"),
        Term("Brunei", "Brunei", label_ja="ブルネイ"),
    )
)
