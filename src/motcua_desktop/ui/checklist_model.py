"""What the checklist runner works with: verdict names and keys, the loaded run, worker calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from motcua_desktop.i18n import N_, _

VERDICT_LABELS = {
    "conforming": N_("Conforming"),
    "minor": N_("Minor nonconformity"),
    "major": N_("Major nonconformity"),
    "na": N_("Not applicable"),
}
# 1–4 as the brief asks; C / m / M / N as the contract's mnemonic letters.
VERDICT_KEYS = {
    Qt.Key.Key_1: "conforming",
    Qt.Key.Key_2: "minor",
    Qt.Key.Key_3: "major",
    Qt.Key.Key_4: "na",
    Qt.Key.Key_N: "na",
    Qt.Key.Key_C: "conforming",
}
VERDICT_COLOURS = {"conforming": "#1b6e2d", "minor": "#9a6200", "major": "#a4161a", "na": "#555"}


def verdict_for_key(event: QKeyEvent) -> str | None:
    """The verdict a key press means, or None; m is minor and Shift+M major."""
    if event.modifiers() & ~(
        Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
    ):
        return None
    if event.key() == Qt.Key.Key_M:
        return "major" if event.text() == "M" else "minor"
    return VERDICT_KEYS.get(Qt.Key(event.key()))


def verdict_text(verdict: str | None) -> str:
    return _(VERDICT_LABELS[verdict]) if verdict in VERDICT_LABELS else ""


@dataclass
class Answer:
    verdict: str | None = None
    evidence: str = ""
    attachments: list[str] = field(default_factory=list)


@dataclass
class RunData:
    """What the runner shows: the run, its template, the answers and the computed figures."""

    run: object
    template: object
    answers: dict[str, Answer]
    evidence: dict[str, str]


def load_run(ctx, run_id: str, today: date) -> RunData:
    """On the worker: the run, its template and the program's evidence figures."""
    from motcua_desktop.services import checklists, quality_evidence

    view = checklists.run_view(ctx, run_id)
    answers = {
        a.item_id: Answer(a.verdict, a.evidence or "", [f.file_name for f in a.attachments])
        for a in view.answers.values()
    }
    found = quality_evidence.evidence_for_template(ctx, view.template, today=today)
    figures = {key: evidence.text for key, evidence in found.items()}
    return RunData(view, view.template, answers, figures)


def attach_file(ctx, user, run_id: str, item_id: str, path: Path):
    """On the worker: copy ``path`` in as evidence; ``(item_id, AttachmentView)``."""
    from motcua_desktop.services import checklists

    return item_id, checklists.attach(ctx, user, run_id, item_id, path)
