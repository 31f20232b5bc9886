"""Filling a checklist at the desk by keyboard: a verdict key answers the item and moves on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import N_, _, format_ui_date, format_ui_datetime
from motcua_desktop.ui.operations import OpRunner

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
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
CLOSED_STYLE = "background: #e8eef7; border: 1px solid #8aa4c8; border-radius: 4px; padding: 8px;"
EVIDENCE_STYLE = "background: #f3f8ee; border: 1px solid #b9d3a5; border-radius: 4px; padding: 6px;"


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


class ChecklistRunner(QDialog):
    """One run in its own window; closed runs open read-only under a banner."""

    def __init__(self, ctx, user, runner: OpRunner, run_id: str, parent=None, *, today=None):
        super().__init__(parent)
        self.ctx, self.user, self.runner, self.run_id = ctx, user, runner, run_id
        self.today = today or date.today()
        self.data: RunData | None = None
        self.items: dict[str, QTreeWidgetItem] = {}
        self.shown_item: str | None = None
        self.setObjectName("checklist_runner")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.resize(1180, 780)
        self._build()
        self.retranslate_ui()
        self.reload()

    # -- construction -----------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(objectName="run_title", wordWrap=True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel(objectName="run_meta", wordWrap=True)
        self.banner = QLabel(objectName="closed_banner", wordWrap=True)
        self.banner.setStyleSheet(CLOSED_STYLE)
        self.banner.hide()
        self.progress_label = QLabel(objectName="run_progress")
        self.progress = QProgressBar(textVisible=False, maximumWidth=220, maximumHeight=12)
        head = QHBoxLayout()
        head.addWidget(self.meta, 1)
        head.addWidget(self.progress_label)
        head.addWidget(self.progress)

        self.tree = QTreeWidget(objectName="checklist_items")
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 4px 2px; }")
        self.tree.header().setStretchLastSection(False)
        self.tree.setColumnWidth(1, 170)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.installEventFilter(self)

        self.item_text = QLabel(objectName="item_text", wordWrap=True)
        bold = QFont(self.item_text.font())
        bold.setBold(True)
        self.item_text.setFont(bold)
        self.guidance_caption = QLabel()
        self.guidance = QLabel(objectName="item_guidance", wordWrap=True)
        self.evidence_caption = QLabel()
        self.evidence = QLabel(objectName="item_evidence", wordWrap=True)
        self.evidence.setStyleSheet(EVIDENCE_STYLE)
        self.verdict_buttons: dict[str, QPushButton] = {}
        verdicts = QHBoxLayout()
        for verdict in VERDICT_LABELS:
            button = QPushButton(checkable=True, objectName=f"verdict_{verdict}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the list to the note
            button.clicked.connect(lambda _c=False, v=verdict: self.set_verdict(v))
            verdicts.addWidget(button)
            self.verdict_buttons[verdict] = button
        self.note_caption = QLabel()
        self.note = QPlainTextEdit(objectName="evidence_note", maximumHeight=180)
        self.note.setTabChangesFocus(True)
        self.note.installEventFilter(self)
        self.note_caption.setBuddy(self.note)
        self.files_caption = QLabel()
        self.files = QListWidget(objectName="attachments", maximumHeight=90)
        self.files.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.attach_button = QPushButton(objectName="attach", clicked=self.choose_attachment)
        self.hint = QLabel(objectName="keys_hint", wordWrap=True)
        self.hint.setStyleSheet("color: #555;")

        detail = QWidget()
        right = QVBoxLayout(detail)
        right.setContentsMargins(12, 0, 0, 0)
        right.addWidget(self.item_text)
        right.addWidget(self.guidance_caption)
        right.addWidget(self.guidance)
        right.addWidget(self.evidence_caption)
        right.addWidget(self.evidence)
        right.addLayout(verdicts)
        right.addWidget(self.note_caption)
        right.addWidget(self.note)
        right.addWidget(self.files_caption)
        right.addWidget(self.files)
        right.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.hint)
        right.addStretch(1)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(detail)
        split.setSizes([640, 520])

        rule = QFrame(frameShape=QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(rule)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence("F5"), self, self.reload)
        QShortcut(QKeySequence("Ctrl+O"), self, self.choose_attachment)
        self.setTabOrder(self.tree, self.note)
        self.setTabOrder(self.note, self.attach_button)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Checklist"))
        self.tree.setHeaderLabels([_("Item"), _("Verdict")])
        self.guidance_caption.setText(_("What to look at:"))
        self.evidence_caption.setText(_("What the program knows:"))
        for n, (verdict, button) in enumerate(self.verdict_buttons.items(), start=1):
            button.setText(f"{n}  {_(VERDICT_LABELS[verdict])}")
        self.note_caption.setText(_("&Evidence note:"))
        self.note.setPlaceholderText(_("What you saw: documents, dossiers, people asked…"))
        self.files_caption.setText(_("Attached files:"))
        self.attach_button.setText(_("Attach a file… (Ctrl+O)"))
        self.hint.setText(
            _(
                "Keys: 1 conforming, 2 minor, 3 major, 4 or N not applicable; the cursor moves "
                "to the next unanswered item. Tab writes the note; Esc goes back to the list."
            )
        )
        if self.data is not None:
            self._show_header()
            for item_id, row in self.items.items():
                self._paint_row(row, self.data.answers.get(item_id))
            self._show_item(self.shown_item)

    # -- loading --------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(load_run, self.ctx, self.run_id, self.today, on_success=self._loaded)

    def _loaded(self, data: RunData) -> None:
        self.data = data
        self.tree.blockSignals(True)
        self.tree.clear()
        self.items.clear()
        for section in data.template.sections:
            head = QTreeWidgetItem([section.title, ""])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = QFont(self.tree.font())
            font.setBold(True)
            head.setFont(0, font)
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            head.setToolTip(0, section.title)
            for item in section.items:
                mark = item.label or item.clause or item.id
                row = QTreeWidgetItem(head, [f"{mark}. {item.text}", ""])
                row.setData(0, ITEM_ROLE, item.id)
                row.setToolTip(0, item.text)
                self.items[item.id] = row
                self._paint_row(row, data.answers.get(item.id))
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._show_header()
        closed = self.is_closed()
        self.note.setReadOnly(closed)
        self.attach_button.setEnabled(not closed)
        for button in self.verdict_buttons.values():
            button.setEnabled(not closed)
        start = self.shown_item if self.shown_item in self.items else self.next_unanswered(None)
        start = start or (next(iter(self.items), None))
        if start is not None:
            self.tree.setCurrentItem(self.items[start])
            self._show_item(start)
        self.tree.setFocus()

    def _show_header(self) -> None:
        run = self.data.run
        self.setWindowTitle(_("Checklist: {title}").format(title=run.title))
        self.title.setText(run.title)
        self.meta.setText(
            _("{date} · revision {revision} · scope: {scope} · auditors: {auditors}").format(
                date=format_ui_date(run.run_on),
                revision=run.revision,
                scope=run.scope or "—",
                auditors=", ".join(run.auditors or []) or "—",
            )
        )
        answered, total = self.progress_counts()
        self.progress_label.setText(
            _("{answered} / {total} answered").format(answered=answered, total=total)
        )
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(answered)
        self.banner.setVisible(self.is_closed())
        if self.is_closed():
            when = format_ui_datetime(run.closed_at) if run.closed_at else ""
            self.banner.setText(
                _(
                    "Closed and signed by {name} at {when}. It can no longer be changed; "
                    "a correction is a new revision (Revise on the Checklists tab)."
                ).format(name=run.signed_by_name or "—", when=when)
            )

    # -- state ----------------------------------------------------------------

    def is_closed(self) -> bool:
        return self.data is not None and self.data.run.status == "closed"

    def progress_counts(self) -> tuple[int, int]:
        answers = self.data.answers if self.data else {}
        done = sum(1 for i in self.items if answers.get(i) and answers[i].verdict)
        return done, len(self.items)

    def current_item_id(self) -> str | None:
        row = self.tree.currentItem()
        return row.data(0, ITEM_ROLE) if row is not None else None

    def next_unanswered(self, after: str | None) -> str | None:
        """The first unanswered item after ``after`` in order, wrapping round; None when all are."""
        ids = list(self.items)
        start = ids.index(after) + 1 if after in ids else 0
        answers = self.data.answers if self.data else {}
        for item_id in ids[start:] + ids[:start]:
            answer = answers.get(item_id)
            if answer is None or not answer.verdict:
                return item_id
        return None

    # -- showing one item -------------------------------------------------------

    def _current_changed(self, current, previous) -> None:
        if previous is not None and previous.data(0, ITEM_ROLE):
            self.save_note(previous.data(0, ITEM_ROLE))
        item_id = current.data(0, ITEM_ROLE) if current is not None else None
        self._show_item(item_id)

    def _show_item(self, item_id: str | None) -> None:
        self.shown_item = item_id
        item = self.data.template.item(item_id) if self.data and item_id else None
        self.item_text.setText(item.text if item else "")
        self.guidance.setText(item.guidance if item else "")
        figure = self.data.evidence.get(item.evidence, "") if item and item.evidence else ""
        self.evidence.setText(figure)
        self.evidence.setVisible(bool(figure))
        self.evidence_caption.setVisible(bool(figure))
        answer = self.data.answers.get(item_id) if self.data and item_id else None
        for verdict, button in self.verdict_buttons.items():
            button.setChecked(answer is not None and answer.verdict == verdict)
        self.note.setPlainText(answer.evidence if answer else "")
        self.files.clear()
        self.files.addItems(answer.attachments if answer else [])

    def _paint_row(self, row: QTreeWidgetItem, answer: Answer | None) -> None:
        verdict = answer.verdict if answer else None
        row.setText(1, verdict_text(verdict) or "—")
        row.setForeground(1, Qt.GlobalColor.gray if not verdict else Qt.GlobalColor.black)
        if verdict:
            from PySide6.QtGui import QColor

            row.setForeground(1, QColor(VERDICT_COLOURS[verdict]))

    # -- answering ----------------------------------------------------------------

    def set_verdict(self, verdict: str) -> None:
        """Answer the current item, save it, and move to the next unanswered item."""
        item_id = self.current_item_id()
        if self.data is None or item_id is None or self.is_closed():
            return
        answer = self.data.answers.setdefault(item_id, Answer())
        answer.verdict = verdict
        if item_id == self.shown_item:
            answer.evidence = self.note.toPlainText().strip()
        self._save(item_id, answer)
        self._paint_row(self.items[item_id], answer)
        self._show_header()
        target = self.next_unanswered(item_id)
        if target is None:  # everything answered: simply step down the list
            ids = list(self.items)
            target = ids[min(ids.index(item_id) + 1, len(ids) - 1)]
        self.tree.setCurrentItem(self.items[target])

    def save_note(self, item_id: str | None = None) -> None:
        """Save the note of ``item_id`` (default: the shown item) when it changed."""
        item_id = item_id or self.shown_item
        if self.data is None or item_id is None or item_id != self.shown_item or self.is_closed():
            return
        text = self.note.toPlainText().strip()
        answer = self.data.answers.setdefault(item_id, Answer())
        if text == answer.evidence:
            return
        answer.evidence = text
        self._save(item_id, answer)

    def _save(self, item_id: str, answer: Answer) -> None:
        from motcua_desktop.services import checklists

        self.runner.run(
            checklists.answer,
            self.ctx,
            self.user,
            self.run_id,
            item_id,
            answer.verdict,
            evidence=answer.evidence,
            on_error=self._refused,
            changes="quality",
        )

    def _refused(self, exc: BaseException) -> None:
        from motcua_desktop.ui import errors

        errors.show_error(self, exc)
        self.reload()  # show what is really stored

    # -- attachments ------------------------------------------------------------

    def choose_attachment(self) -> None:
        item_id = self.current_item_id()
        if item_id is None or self.is_closed():
            return
        path, _filter = QFileDialog.getOpenFileName(self, _("Attach a file as evidence"))
        if path:
            self.attach(item_id, Path(path))

    def attach(self, item_id: str, path: Path) -> None:
        self.runner.run(
            attach_file,
            self.ctx,
            self.user,
            self.run_id,
            item_id,
            path,
            on_success=self._attached,
            on_error=self._refused,
            changes="quality",
        )

    def _attached(self, result) -> None:
        item_id, view = result
        answer = self.data.answers.setdefault(item_id, Answer())
        answer.attachments.append(view.file_name)
        if item_id == self.shown_item:
            self.files.addItem(view.file_name)

    # -- keys -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.tree:
                verdict = verdict_for_key(event)
                if verdict is not None:
                    self.set_verdict(verdict)
                    return True
            elif watched is self.note and (
                event.key() == Qt.Key.Key_Escape
                or (
                    event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                )
            ):
                self.tree.setFocus()
                return True
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.save_note()
        return super().eventFilter(watched, event)

    def done(self, result: int) -> None:  # noqa: D401 (Qt override: closing saves the note)
        self.save_note()
        super().done(result)


__all__ = ["ChecklistRunner", "RunData", "load_run", "verdict_for_key"]
