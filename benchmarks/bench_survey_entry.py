"""Benchmark: type a 100-form batch of satisfaction surveys by simulated keystrokes (offscreen).

Measures the keystrokes per form and the time per save (Enter pressed → the next
form ready, through the operation runner), and in the same run two baselines:
the bare service call ``surveys.add_form`` for the same forms (storage alone,
no GUI) and an empty QLineEdit receiving the same keystrokes (the cost of key
delivery alone). Writes ``benchmarks/results-surveys.md``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_survey_entry.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import machine, summary  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from motcua_desktop.services import demo, surveys, users  # noqa: E402
from motcua_desktop.services.context import open_app  # noqa: E402
from motcua_desktop.ui.operations import OpRunner  # noqa: E402
from motcua_desktop.ui.survey_entry_page import SurveyEntryPage  # noqa: E402

FORMS = 100
KEYS = {str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)} | {" ": Qt.Key.Key_Space}


def paper_forms(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` realistic forms: 13 answers (mostly 4–5, some blanks) and reasons when unhappy."""
    rng = random.Random(seed)
    out = []
    for _i in range(n):
        answers = "".join(
            rng.choice("4455554453") if rng.random() > 0.04 else " " for _q in range(13)
        )
        unhappy = sum(c in "123" for c in answers) >= 3
        reasons = "".join(sorted(rng.sample("1234567", rng.randint(1, 2)))) if unhappy else ""
        out.append((answers, reasons))
    return out


def wait(app: QApplication, done) -> None:
    while not done():
        app.processEvents()


def run_gui(app: QApplication, ctx, actor, forms) -> tuple[list[float], list[int]]:
    runner = OpRunner()
    page = SurveyEntryPage(ctx, actor, runner, today=date(2026, 3, 10))
    surveys.start_batch(ctx, actor, surveyed_on=date(2026, 3, 10), label="bench")
    page.refresh()
    page.resize(1400, 900)
    page.show()
    page.activateWindow()
    wait(app, lambda: page.batch is not None and page.status.text() != "")
    saves, keystrokes = [], []
    for answers, reasons in forms:
        count = 0
        for ch in answers + reasons:
            QTest.keyClick(QApplication.focusWidget(), KEYS[ch])
            count += 1
        before = len(page.forms)
        start = time.perf_counter()
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        wait(app, lambda b=before: len(page.forms) == b + 1 and not page.saving)
        saves.append(time.perf_counter() - start)
        keystrokes.append(count + 1)
    runner.shutdown()
    page.close()
    return saves, keystrokes


def run_service(ctx, actor, forms) -> list[float]:
    batch = surveys.start_batch(ctx, actor, surveyed_on=date(2026, 3, 11), label="baseline")
    template = surveys.active_template(ctx, "satisfaction")
    qids = [q.id for q in template.questions]
    reason_ids = [r.id for r in template.reasons]
    samples = []
    for answers, reasons in forms:
        levels = [int(c) if c != " " else None for c in answers]
        start = time.perf_counter()
        surveys.add_form(ctx, actor, batch.id, dict(zip(qids, levels[:12], strict=True)),
                         overall=levels[12], reasons=[reason_ids[int(c) - 1] for c in reasons],
                         confirm_duplicate=True)  # fmt: skip
        samples.append(time.perf_counter() - start)
    return samples


def run_line_edit(app: QApplication, forms) -> list[float]:
    edit = QLineEdit()
    edit.show()
    samples = []
    for answers, reasons in forms:
        start = time.perf_counter()
        for ch in answers + reasons:
            QTest.keyClick(edit, KEYS[ch])
        QTest.keyClick(edit, Qt.Key.Key_Return)
        app.processEvents()
        samples.append(time.perf_counter() - start)
        edit.clear()
    return samples


def row(name: str, samples: list[float]) -> str:
    s = summary(samples)
    return f"| {name} | {s['n']} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['min_ms']:.1f} |"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    forms = paper_forms(FORMS)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        demo.seed_demo(ctx, dossiers=30, seed=1, today=date(2025, 12, 31))
        actor = users.authenticate(ctx, "clerk", demo.DEMO_PASSWORD)
        wall = time.perf_counter()
        saves, keystrokes = run_gui(app, ctx, actor, forms)
        wall = time.perf_counter() - wall
        service = run_service(ctx, actor, forms)
        ctx.close()
    typing = run_line_edit(app, forms)
    mean_keys = sum(keystrokes) / len(keystrokes)
    text = "\n".join([
        "# Survey batch entry (issue 6)",
        "",
        f"Machine: {machine()}",
        "",
        f"{FORMS} paper forms (12 questions + overall, ~4 % blanks, reasons on unhappy forms) "
        "typed by simulated keystrokes into the batch entry page (offscreen), each saved "
        "with Enter through the operation runner.",
        "",
        f"- Keystrokes per form: mean {mean_keys:.2f}, min {min(keystrokes)}, "
        f"max {max(keystrokes)} (13 answers + reasons + Enter; no Tab, no mouse).",
        f"- Whole batch, typing and saving: {wall:.1f} s of machine time "
        f"({wall / FORMS * 1000:.0f} ms per form).",
        "",
        "| Measure (ms) | n | p50 | p95 | min |",
        "|---|---|---|---|---|",
        row("Save through the page (Enter → next form ready)", saves),
        row("Baseline: bare `surveys.add_form` call, same forms", service),
        row("Baseline: empty QLineEdit receiving the same keystrokes (per form)", typing),
        "",
        "The save through the page costs the service call (one transaction, synchronous=FULL) "
        "plus the worker hand-off and the list/summary refresh; a clerk types one key in "
        "~200 ms, so a save well under that never makes anyone wait, and keys typed during "
        "a save are held and replayed on the next form.",
        "",
    ])  # fmt: skip
    out = Path(__file__).with_name("results-surveys.md")
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
