"""`motcua report` end to end: II.06a as JSON, PDF and XLSX; other kinds; errors leave no file."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader


def motcua(*args, data_dir):
    cmd = [sys.executable, "-m", "motcua_desktop", "--data-dir", str(data_dir), "--lang", "en"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report") / "data"
    r = motcua("demo", "--dossiers", "200", "--today", "2026-11-20", data_dir=folder)
    assert r.returncode == 0, r.stderr
    return folder


def test_ii06a_json_on_stdout_balances(data):
    r = motcua("report", "--period", "2026", "--by", "procedure", "-o", "-", data_dir=data)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["kind"] == "ii06a" and out["period"]["code"] == "2026"
    total = out["total"]
    assert total["received"] == total["resolved"] + total["pending"] > 0
    assert sum(line["received"] for line in out["lines"]) == total["received"]
    assert all(
        sum(c["received"] for c in line["children"]) == line["received"] for line in out["lines"]
    )


def test_ii06a_pdf_and_xlsx_hold_the_same_total(data, tmp_path):
    r = motcua("report", "--from", "2026-01-01", "--to", "2026-06-30", "-o", "-", data_dir=data)
    total = json.loads(r.stdout)["total"]
    pdf = tmp_path / "out" / "ii06a.pdf"
    r = motcua("report", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "pdf",
               "-o", str(pdf), data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(pdf)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "01/01/2026" in text and "30/06/2026" in text
    assert str(total["received"]) in text.replace(".", "")
    xlsx = tmp_path / "ii06a.xlsx"
    r = motcua("report", "--from", "2026-01-01", "--to", "2026-06-30", "-o", str(xlsx),
               data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    cells = [c for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row]
    assert total["received"] in cells or any(
        isinstance(c, str) and c.startswith("=") for c in cells
    )
    assert not list(tmp_path.glob("**/*.part"))


@pytest.mark.parametrize("kind", ["figures", "objectives"])
def test_other_kinds_as_json_and_pdf(data, tmp_path, kind):
    r = motcua("report", "--kind", kind, "--period", "2026-Q3", "-o", "-", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["kind"] == kind
    pdf = tmp_path / f"{kind}.pdf"
    r = motcua("report", "--kind", kind, "--period", "2026-Q3", "-o", str(pdf), data_dir=data)
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-13"], "A month is numbered 1 to 12."),
        (["--period", "2026", "--from", "2026-01-01", "--to", "2026-02-01"], "not both"),
        (["--from", "2026-01-01"], "Give both --from and --to."),
        (["--by", "commune"], "kept at the district"),
        (["--commune", "000.31.25.H57"], "--commune is for the district"),
        (["--kind", "weather"], "Unknown report kind weather"),
        (["--kind", "figures", "--by", "field"], "--by applies to the II.06a report only"),
    ],
)
def test_errors_are_one_line_exit_2_and_leave_no_file(data, tmp_path, args, message):
    target = tmp_path / "r.json"
    r = motcua("report", *args, "-o", str(target), data_dir=data)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and message in r.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_pdf_to_the_screen_is_refused(data):
    r = motcua("report", "--format", "pdf", "-o", "-", data_dir=data)
    assert r.returncode == 2 and "Only JSON" in r.stderr and r.stdout == ""
