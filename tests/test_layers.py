"""The library's layers run one way: data -> domain -> rendering -> export. A module may import its
own layer and the layers below it, never one above; nothing in basemap imports Streamlit; and the
heavy libraries of a higher layer stay out of a process that only needs a lower one."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import basemap

PACKAGE = Path(basemap.__file__).parent
ORDER = ("data", "domain", "rendering", "export")
LAYER_OF = {
    "__init__": "data",
    "paths": "data",
    "i18n": "data",
    "catalog": "data",
    "vocabulary": "data",
    "values": "data",
    "text": "data",
    "citations": "data",
    "prefectures": "data",
    "datafile": "data",
    "locate": "data",
    "load": "data",
    "verdicts": "data",
    "tables": "data",
    "filters": "domain",
    "search": "domain",
    "state": "domain",
    "summary": "domain",
    "figures": "domain",
    "geodesy": "domain",
    "flashpoints": "domain",
    "footprints": "domain",
    "reconcile": "domain",
    "municipalities": "domain",
    "about": "domain",
    "cite": "domain",
    "charts": "rendering",
    "maps": "rendering",
    "export": "export",
}


def module_names() -> list[str]:
    return sorted(".".join(path.relative_to(PACKAGE).with_suffix("").parts) for path in PACKAGE.rglob("*.py"))


def layer(module: str) -> str:
    """The layer of a module given relative to basemap ("maps.base" -> rendering)."""
    return LAYER_OF[module.split(".")[0]]


def imported(module: str) -> set[str]:
    """Every module the file imports, at the top or inside a function, as absolute names."""
    path = PACKAGE.joinpath(*module.split(".")).with_suffix(".py")
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = ["basemap", *module.split(".")][: -node.level]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # `from basemap.export import csv`
    return names


@pytest.mark.parametrize("module", module_names())
def test_module_imports_only_its_own_layer_and_below(module):
    own = ORDER.index(layer(module))
    for name in imported(module):
        if not name.startswith("basemap."):
            continue
        target = name.removeprefix("basemap.")
        if target.split(".")[0] not in LAYER_OF:  # `from basemap.x import SomeName`: x decides
            continue
        assert ORDER.index(layer(target)) <= own, f"basemap.{module} ({layer(module)}) imports {name} ({layer(target)})"


@pytest.mark.parametrize("module", module_names())
def test_nothing_in_basemap_imports_streamlit(module):
    assert not {name for name in imported(module) if name.split(".")[0] in ("streamlit", "streamlit_folium")}


def test_every_module_has_a_layer():
    assert {name.split(".")[0] for name in module_names()} <= set(LAYER_OF)


def test_the_checker_sees_a_wrong_way_import(tmp_path, monkeypatch):
    """The test above must be able to fail: a data module importing rendering is caught."""
    (tmp_path / "catalog.py").write_text("from basemap.maps.base import base_map\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    with pytest.raises(AssertionError, match="imports basemap.maps.base"):
        test_module_imports_only_its_own_layer_and_below("catalog")


def modules_after(statement: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running `statement`."""
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    return set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split())


def test_loading_a_table_imports_no_map_or_export_library():
    assert not modules_after("import basemap.tables") & {"folium", "branca", "fastkml", "pyogrio", "lxml", "pygeoif"}


def test_offering_downloads_imports_no_export_library_until_a_file_is_written():
    loaded = modules_after("import basemap.export.formats, basemap.export.bundle")
    assert not loaded & {"fastkml", "pyogrio", "lxml", "pygeoif"}
