"""The packaging files agree with the program: one version, both languages, a valid .desktop."""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from pathlib import Path

from motcua_desktop import __version__
from motcua_desktop.services.provisioning import PROVISIONING_FILENAME
from motcua_desktop.ui.smoke import ENV_SMOKE_QUIT_MS

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "motcua-desktop.spec"
NSI = PACKAGING / "windows" / "motcua.nsi"
DESKTOP = PACKAGING / "linux" / "motcua-desktop.desktop"
LANGUAGES = {"VIETNAMESE", "ENGLISH"}
TEXT_SUFFIXES = {".spec", ".nsi", ".py", ".md", ".txt", ".desktop", ".yml"}


def _spec_function(name: str, **env):
    """Run one function of the spec on its own (the spec needs PyInstaller to run whole)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    [node] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    namespace = {"re": re, "Path": Path, **env}
    exec(compile(ast.Module([node], []), str(SPEC), "exec"), namespace)
    return namespace[name]


def test_spec_reads_the_version_from_the_package(tmp_path):
    read_version = _spec_function("read_version", PACKAGE=ROOT / "src" / "motcua_desktop")
    assert read_version() == __version__
    # It really reads the file: another __init__ gives another version.
    (tmp_path / "__init__.py").write_text('"""x"""\n\n__version__ = "9.8.7"\n', encoding="utf-8")
    assert _spec_function("read_version", PACKAGE=tmp_path)() == "9.8.7"


def test_no_packaging_file_writes_the_version():
    sources = [p for p in PACKAGING.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file()]
    assert {p.suffix for p in sources} >= {".spec", ".nsi", ".py", ".desktop", ".md"}
    texts = [p.read_text(encoding="utf-8") for p in sources]
    texts.append((ROOT / ".github" / "workflows" / "windows-package.yml").read_text("utf-8"))
    assert not [t for t in texts if re.search(rf"(?<![\d.]){re.escape(__version__)}(?![\d])", t)]


def test_nsis_gets_the_version_from_the_makefile():
    nsi = NSI.read_text(encoding="utf-8")
    assert re.search(r"!ifndef VERSION\s+!error", nsi)
    assert not re.search(r"!define\s+VERSION\b", nsi)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-DVERSION=$(APP_VERSION)" in makefile
    [rule] = re.findall(r"^APP_VERSION = (.*)$", makefile, re.MULTILINE)
    assert "from motcua_desktop import __version__" in rule


def test_every_nsis_text_exists_in_both_languages():
    nsi = NSI.read_text(encoding="utf-8")
    defined: dict[str, dict[str, str]] = {}
    for name, lang, text in re.findall(r'^LangString (\w+) \$\{LANG_(\w+)\} "(.*)"$', nsi, re.M):
        defined.setdefault(name, {})[lang] = text
    assert len(defined) >= 15
    assert {name for name, langs in defined.items() if set(langs) != LANGUAGES} == set()
    used = set(re.findall(r"\$\((\w+)\)", nsi))
    assert used - defined.keys() == set()
    assert defined.keys() - used == set()
    # Vietnamese is written out, not copied from English.
    assert all(langs["VIETNAMESE"] != langs["ENGLISH"] for langs in defined.values())
    assert 'MUI_LANGUAGE "Vietnamese"' in nsi and 'MUI_LANGUAGE "English"' in nsi


def test_installer_and_program_agree_on_names():
    nsi = NSI.read_text(encoding="utf-8")
    assert f'!define PROVISIONING_NAME "{PROVISIONING_FILENAME}"' in nsi
    # platformdirs' Windows folder for appname "motcua-desktop", appauthor=False.
    assert '!define DATA_DIR "$LOCALAPPDATA\\motcua-desktop"' in nsi
    assert "RequestExecutionLevel admin" in nsi and "$PROGRAMFILES64" in nsi
    smoke = (PACKAGING / "smoke_test.py").read_text(encoding="utf-8")
    assert f'"{ENV_SMOKE_QUIT_MS}"' in smoke


def test_desktop_entry_is_complete():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "motcua-desktop" and entry["Icon"] == "motcua-desktop"
    assert entry["Name"] and entry["Name[vi]"] == "Một cửa"
    assert entry["Comment"] and entry["Comment[vi]"]
    assert entry["Terminal"] == "false"
    categories = entry["Categories"]
    assert categories.endswith(";") and "Office" in categories.split(";")


def test_pyinstaller_is_an_extra_not_a_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("pyinstaller") for d in project["optional-dependencies"]["package"])
    assert not any("pyinstaller" in d.lower() for d in project["dependencies"])
