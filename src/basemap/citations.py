"""Citations name the original publication: no source field may cite a known mirror or scraper.

The list of such domains is data (`data/mirror_domains.txt`), so adding one needs no code change.
The copy actually read belongs in a record's notes, which are not checked.
"""

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from basemap.paths import DATA_DIR

MIRROR_DOMAINS_PATH = DATA_DIR.parent / "mirror_domains.txt"

# Keys whose values are citations, wherever they occur in a record (nested lists and objects too).
CITATION_KEYS = frozenset({"source", "sources", "other_sources", "coord_method"})

_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]+")
# A host or bare domain in free text: dot-separated labels not glued to a preceding word or dot.
_HOST = re.compile(r"(?<![\w.-])(?:[a-z0-9-]+\.)+[a-z0-9-]+", re.IGNORECASE)


def parse_mirror_domains(text: str) -> frozenset[str]:
    """Domains of the list file: one per line, `#` starts a comment; a malformed line is an error."""
    domains = set()
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if not _DOMAIN.fullmatch(entry):
            raise ValueError(f"mirror_domains.txt line {number}: not a domain: {entry!r}")
        domains.add(entry)
    return frozenset(domains)


def load_mirror_domains(path: Path = MIRROR_DOMAINS_PATH) -> frozenset[str]:
    return parse_mirror_domains(path.read_text(encoding="utf-8"))


def mirror_domains_in(citation: str, domains: Iterable[str]) -> list[str]:
    """Listed domains a citation names, as a URL host or a bare domain; a listed domain covers its subdomains."""
    listed = set(domains)
    found: list[str] = []
    for host in _HOST.findall(citation):
        labels = host.lower().split(".")
        suffixes = (".".join(labels[i:]) for i in range(len(labels) - 1))
        found.extend(suffix for suffix in suffixes if suffix in listed)
    return found


def citations(record: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, citation) for every string under a citation key (`source`, `*_source`, ...) of a record."""
    if isinstance(record, dict):
        for key, value in record.items():
            here = f"{path}.{key}" if path else key
            if key in CITATION_KEYS or key.endswith("_source"):
                yield from _strings(value, here)
            else:
                yield from citations(value, here)
    elif isinstance(record, list):
        for index, item in enumerate(record):
            yield from citations(item, f"{path}[{index}]")


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def mirror_citations(record: object, domains: Iterable[str]) -> list[tuple[str, str]]:
    """(field path, domain) for each citation of a record that names a listed mirror domain."""
    listed = frozenset(domains)
    return [(path, domain) for path, text in citations(record) for domain in mirror_domains_in(text, listed)]
