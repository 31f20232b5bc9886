"""The layering of DESIGN.md, checked on every import statement in the source tree."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "motcua_desktop"
PKG = "motcua_desktop"

# For each layer, the project layers it must never import.
FORBIDDEN = {
    "domain": {"store", "services", "documents", "sync", "ui", "cli"},
    "store": {"services", "documents", "sync", "ui", "cli"},
    "documents": {"store", "services", "sync", "ui", "cli"},
    "sync": {"services", "ui", "cli"},
    "services": {"ui", "cli"},
    "cli": {"ui"},
}


def _layer(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against the module's package
                base = path.relative_to(SRC.parent).with_suffix("").parts[: -node.level]
                name = ".".join(base + ((node.module,) if node.module else ()))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


SOURCES = sorted(SRC.rglob("*.py"))


def test_sources_found():
    assert len(SOURCES) > 5


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_layering(path: Path):
    layer = _layer(path)
    problems = []
    for lineno, name in _imports(path):
        if layer != "ui" and (name == "PySide6" or name.startswith("PySide6.")):
            problems.append(f"line {lineno}: {layer} imports {name}; only ui/ may use Qt")
        parts = name.split(".")
        if parts[0] == PKG and len(parts) > 1 and parts[1] in FORBIDDEN.get(layer, set()):
            problems.append(f"line {lineno}: {layer} imports {name}")
    assert not problems, "\n".join(problems)


def test_checker_catches_a_violation(tmp_path, monkeypatch):
    """The checker itself must see a bad import, or the test above proves nothing."""
    fake_pkg = tmp_path / "src" / "motcua_desktop"
    (fake_pkg / "domain").mkdir(parents=True)
    bad = fake_pkg / "domain" / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nfrom ..store import models\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake_pkg)
    assert _layer(bad) == "domain"
    names = [name for _, name in _imports(bad)]
    assert names == ["PySide6.QtCore", "motcua_desktop.store"]
    with pytest.raises(AssertionError, match="only ui/ may use Qt"):
        test_layering(bad)
