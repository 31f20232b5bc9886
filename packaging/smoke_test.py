"""Smoke test of a built bundle: the programs start, migrate, print, and show a window.

Usage: ``python packaging/smoke_test.py dist/motcua-desktop`` (``make package`` runs it).
Checks, in a temporary data folder:
  1. ``motcua --version`` prints the version written in src/motcua_desktop/__init__.py;
  2. ``motcua demo`` creates the demo commune on an empty folder (Alembic migrates from the
     bundled scripts), ``motcua intake`` takes a dossier in, ``motcua print receipt`` writes
     its receipt, whose text (pdftotext) names the applicant with Vietnamese diacritics;
     ``motcua report`` writes the figures report as PDF and .xlsx; ``motcua doctor`` finds
     the schema and the integrity fine;
  3. ``motcua-desktop`` starts offscreen on an empty folder (welcome) and on the demo
     (login) and quits by itself (MOTCUA_SMOKE_QUIT_MS), exit code 0;
  4. on Linux with xvfb-run: the same under Xvfb with the xcb platform, and a screenshot
     saved as dist/smoke-xvfb.png; the bundled .desktop file passes desktop-file-validate.
Exits non-zero with the reason on the first failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
APPLICANT = "Võ Thị Kim Yến"
SMOKE_LINE = "smoke: window shown: "
QUIT_MS = "1500"
# Under Xvfb the window stays up longer: start-up work (PDF warm-up, the daily backup) may
# still show its progress box at first, and the screenshot should show the window itself.
SCREENSHOT_QUIT_MS, SCREENSHOT_DELAY_S = "4000", 2.5
TIMEOUT = 180


class SmokeFailure(Exception):
    pass


def expected_version() -> str:
    text = (ROOT / "src" / "motcua_desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE).group(1)


def run(cmd: list[str], *, env: dict | None = None, check: bool = True):
    started = time.monotonic()
    result = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "MOTCUA_LANG": "vi", **(env or {})},
        timeout=TIMEOUT,
    )
    print(f"  $ {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}"
          f"  [{result.returncode}, {time.monotonic() - started:.1f} s]")  # fmt: skip
    if check and result.returncode != 0:
        raise SmokeFailure(f"{cmd[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result


def check_cli(bundle: Path, work: Path) -> Path:
    motcua = str(bundle / f"motcua{EXE}")
    version = run([motcua, "--version"]).stdout.strip()
    if version != f"motcua {expected_version()}":
        raise SmokeFailure(f"motcua --version said {version!r}, not 'motcua {expected_version()}'")
    data = work / "demo"
    run([motcua, "--data-dir", str(data), "demo", "--dossiers", "30", "--today", "2026-11-20"])
    intake = run([motcua, "--data-dir", str(data), "intake", "--procedure", "HT-05",
                  "--name", APPLICANT, "--id-number", "089190123456", "--phone", "0912 345 678",
                  "--received", "2026-11-20 09:00", "--user", "clerk"])  # fmt: skip
    code = json.loads(intake.stdout)["code"]
    receipt = work / "receipt.pdf"
    run([motcua, "--data-dir", str(data), "print", "receipt", code, "-o", str(receipt)])
    if not receipt.read_bytes().startswith(b"%PDF"):
        raise SmokeFailure(f"{receipt} is not a PDF")
    if shutil.which("pdftotext"):
        text = run(["pdftotext", "-layout", str(receipt), "-"]).stdout
        if APPLICANT not in text or code not in text:
            raise SmokeFailure(f"the receipt's text lacks the applicant or the code:\n{text}")
        print("  receipt: " + " / ".join(line.strip() for line in text.splitlines()[:4] if line))
    # A report with charts, as PDF and as Excel (ReportLab graphics, openpyxl, Pillow).
    for name, magic in (("figures.pdf", b"%PDF"), ("figures.xlsx", b"PK")):
        out = work / name
        run([motcua, "--data-dir", str(data), "report", "--kind", "figures",
             "--period", "2026-11", "-o", str(out)])  # fmt: skip
        if not out.read_bytes().startswith(magic):
            raise SmokeFailure(f"{out} is not a {name.rsplit('.', 1)[1]} file")
    doctor = run([motcua, "--data-dir", str(data), "doctor", "--json"], check=False)
    checks = {c["name"]: c["ok"] for c in json.loads(doctor.stdout)}
    bad = [name for name in ("integrity", "schema", "documents") if not checks.get(name)]
    if bad:
        raise SmokeFailure(f"motcua doctor reports problems: {bad}\n{doctor.stdout}")
    return data


def start_gui(bundle: Path, data: Path, env: dict, screenshot: Path | None = None) -> str:
    """Start the windowed program; returns the class of the first window it showed."""
    gui = str(bundle / f"motcua-desktop{EXE}")
    quit_ms = QUIT_MS if screenshot is None else SCREENSHOT_QUIT_MS
    env = {**os.environ, "MOTCUA_SMOKE_QUIT_MS": quit_ms, **env}
    started = time.monotonic()
    proc = subprocess.Popen(
        [gui, "--data-dir", str(data), "--lang", "vi"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
    )
    # A program that never shows a window would keep the loop below reading for ever.
    watchdog = threading.Timer(TIMEOUT, proc.kill)
    watchdog.start()
    shown = ""
    for line in proc.stdout:
        if line.startswith(SMOKE_LINE):
            shown = line[len(SMOKE_LINE) :].strip()
            if screenshot is not None:
                time.sleep(SCREENSHOT_DELAY_S)
                subprocess.run(["import", "-window", "root", str(screenshot)], check=True)
            break
    out, err = proc.communicate(timeout=TIMEOUT)
    watchdog.cancel()
    if not shown:
        # A windowed Windows program has no stdout; the line is in the log file too.
        log = data / "logs" / "motcua.log"
        found = re.findall(SMOKE_LINE + r"(\w+)", log.read_text("utf-8")) if log.exists() else []
        shown = found[-1] if found else ""
    print(f"  $ motcua-desktop ({env.get('QT_QPA_PLATFORM', 'default')}) shows {shown or '?'}"
          f"  [{proc.returncode}, {time.monotonic() - started:.1f} s]")  # fmt: skip
    if proc.returncode != 0 or not shown:
        raise SmokeFailure(f"motcua-desktop did not show a window and quit cleanly:\n{out}\n{err}")
    return shown


def check_gui_offscreen(bundle: Path, work: Path, demo: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen"}
    if start_gui(bundle, work / "empty", env) != "WelcomeDialog":
        raise SmokeFailure("an empty data folder should open on the welcome dialog")
    if start_gui(bundle, demo, env) != "LoginDialog":
        raise SmokeFailure("the demo commune should open on the login dialog")


def check_gui_xvfb(bundle: Path, demo: Path, screenshot: Path) -> None:
    """Runs inside xvfb-run (see main): the real xcb platform plugin, and a screenshot."""
    if start_gui(bundle, demo, {"QT_QPA_PLATFORM": "xcb"}, screenshot) != "LoginDialog":
        raise SmokeFailure("under Xvfb the demo commune should open on the login dialog")
    print(f"  screenshot: {screenshot}")


def check_desktop_entry(bundle: Path) -> None:
    entries = list(bundle.rglob("motcua-desktop.desktop"))
    if not entries:
        raise SmokeFailure("the bundle has no motcua-desktop.desktop")
    if shutil.which("desktop-file-validate"):
        run(["desktop-file-validate", str(entries[0])])


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main(argv: list[str]) -> int:
    if argv[:1] == ["--xvfb-step"]:
        check_gui_xvfb(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    bundle = Path(argv[0] if argv else ROOT / "dist" / "motcua-desktop").resolve()
    started = time.monotonic()
    print(f"smoke test of {bundle}")
    try:
        for name in ("motcua", "motcua-desktop"):
            if not (bundle / f"{name}{EXE}").is_file():
                raise SmokeFailure(f"{bundle / (name + EXE)} is missing")
        with tempfile.TemporaryDirectory(prefix="motcua-smoke-") as tmp:
            work = Path(tmp)
            demo = check_cli(bundle, work)
            check_gui_offscreen(bundle, work, demo)
            if not WINDOWS:
                check_desktop_entry(bundle)
                if shutil.which("xvfb-run") and shutil.which("import"):
                    shot = bundle.parent / "smoke-xvfb.png"
                    xvfb = run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable,
                                __file__, "--xvfb-step", str(bundle), str(demo), str(shot)])  # fmt: skip
                    print(xvfb.stdout, end="")
                else:
                    print("  (no xvfb-run or ImageMagick import: the Xvfb run is skipped)")
    except (SmokeFailure, subprocess.SubprocessError, OSError, ValueError, KeyError) as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    size = folder_size(bundle) / 1e6
    print(f"smoke test passed in {time.monotonic() - started:.0f} s; bundle {size:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
