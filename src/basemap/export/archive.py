"""Zip archives whose bytes depend only on their entries and the export day."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date


def zip_bytes(entries: Iterable[tuple[str, bytes]], day: date) -> bytes:
    """A zip whose entries are dated the export day (not the moment of writing, not the server's clock)
    and sorted by name, README.txt first: the same entries give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(entries, key=lambda entry: (entry[0] != "README.txt", entry[0])):
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
