"""The atlas in English and Japanese: the gettext catalogue (locale/, managed with Babel) and the
conventions that differ between the two (numbers, dates, yen in 億円, which name comes first).

User-visible text is written in English in the code, wrapped in ``_("...")`` (translated where it
is shown) or ``N_("...")`` (marked where it is defined, translated where it is shown), and
translated in ``locale/ja/LC_MESSAGES/atlas.po``. ``make messages`` extracts and updates the
catalogue; ``make setup`` compiles it (the .mo files are built, never committed). Labels of coded
values (services, SOFA categories, prefectures...) live with the values in ``vocabulary`` and
``prefectures``, in both languages.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from babel.dates import format_date
from babel.numbers import format_decimal

from basemap.paths import ROOT

LOCALE_DIR = ROOT / "locale"
DOMAIN = "atlas"
LANGUAGES = {"en": "English", "ja": "日本語"}  # code -> the language's own name (the switch shows these)
DEFAULT_LANGUAGE = "en"


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """Mark a string for the catalogue where it is defined; it is translated where it is shown."""
    return message


def browser_language(locale: str | None) -> str:
    """The atlas's language for a browser's language tag ("ja-JP" -> "ja"); English otherwise."""
    primary = (locale or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Language:
    """A translator for one language: ``_("Filters")`` translates, and the methods format figures
    the way readers of that language expect. English is the code's own text (no catalogue)."""

    code: str
    catalogue: gettext.NullTranslations = field(repr=False, compare=False)

    def __call__(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural form for n (Japanese has one form)."""
        return self.catalogue.ngettext(singular, plural, n)

    @property
    def ja(self) -> bool:
        return self.code == "ja"

    def number(self, value: float, digits: int = 0) -> str:
        """A number with the language's grouping ("12,345"; fixed decimals)."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.code)

    def yen_oku(self, value: float) -> str:
        """An amount in units of 100 million yen: "1,234億円" in Japanese, "¥1,234 億" in English."""
        return f"{self.number(value)}億円" if self.ja else f"¥{self.number(value)} 億"

    def date(self, text: object) -> str:
        """An ISO date ("2025-03-31", "2025-03") the language's way: Japanese "2025年3月31日",
        "2025年3月"; English keeps the ISO form the data and the citations use. Anything else is
        returned as it is (never hidden)."""
        value = str(text)
        if not self.ja:
            return value
        parts = value.split("-")
        try:
            numbers = [int(part) for part in parts]
            when = date(numbers[0], numbers[1] if len(parts) > 1 else 1, numbers[2] if len(parts) > 2 else 1)
        except (ValueError, IndexError):
            return value
        if len(parts) == 1 or len(parts) > 3:
            return value
        if len(parts) == 2:
            return format_date(when, "y年M月", locale=self.code)
        return format_date(when, "long", locale=self.code)

    def name(self, name_en: object, name_ja: object) -> str:
        """A place's name, the reader's language first: "沖縄県 (Okinawa)" or "Okinawa (沖縄県)"; one
        name alone when the other is missing."""
        first, second = (name_ja, name_en) if self.ja else (name_en, name_ja)
        shown = [str(n) for n in (first, second) if isinstance(n, str) and n.strip()]
        return f"{shown[0]} ({shown[1]})" if len(shown) == 2 else (shown[0] if shown else "")

    def pick(self, name_en: object, name_ja: object) -> str:
        """The name in the reader's language, else the other one."""
        preferred, other = (name_ja, name_en) if self.ja else (name_en, name_ja)
        return str(preferred) if isinstance(preferred, str) and preferred.strip() else str(other or "")


@cache
def language(code: str) -> Language:
    """The translator for a language code; an unknown code gives English. Without a compiled
    catalogue (``make setup`` builds it) the text stays English rather than failing."""
    if code not in LANGUAGES or code == DEFAULT_LANGUAGE:
        return Language(DEFAULT_LANGUAGE, gettext.NullTranslations())
    return Language(code, gettext.translation(DOMAIN, LOCALE_DIR, [code], fallback=True))


ENGLISH = language(DEFAULT_LANGUAGE)
