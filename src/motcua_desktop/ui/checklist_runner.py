"""Filling a checklist at the desk by keyboard: a verdict key answers the item and moves on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
)

from motcua_desktop.i18n import _
from motcua_desktop.ui.checklist_model import (
    VERDICT_COLOURS,
    VERDICT_KEYS,
    VERDICT_LABELS,
    Answer,
    RunData,
    attach_file,
    load_run,
    verdict_for_key,
    verdict_text,
)
from motcua_desktop.ui.checklist_panes import (
    CLOSED_STYLE,
    EVIDENCE_STYLE,
    ITEM_ROLE,
    ItemPane,
    banner_text,
    fill_tree,
    item_tree,
    meta_text,
    paint_row,
    title_label,
)
from motcua_desktop.ui.operations import OpRunner


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
        self.title = title_label()
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

        self.tree = item_tree()
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.installEventFilter(self)

        self.pane = ItemPane()
        self.note, self.files = self.pane.note, self.pane.files
        self.guidance, self.attach_button = self.pane.guidance, self.pane.attach_button
        self.verdict_buttons = self.pane.verdict_buttons
        for verdict, button in self.verdict_buttons.items():
            button.clicked.connect(lambda _c=False, v=verdict: self.set_verdict(v))
        self.note.installEventFilter(self)
        self.attach_button.clicked.connect(self.choose_attachment)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.pane)
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
        self.pane.retranslate_ui()
        if self.data is not None:
            self._show_header()
            for item_id, row in self.items.items():
                paint_row(row, self.data.answers.get(item_id))
            self._show_item(self.shown_item)

    # -- loading --------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(load_run, self.ctx, self.run_id, self.today, on_success=self._loaded)

    def _loaded(self, data: RunData) -> None:
        self.data = data
        self.tree.blockSignals(True)
        self.tree.clear()
        self.items.clear()
        self.items.update(fill_tree(self.tree, data.template, data.answers))
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._show_header()
        closed = self.is_closed()
        self.pane.set_read_only(closed)
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
        self.meta.setText(meta_text(run))
        answered, total = self.progress_counts()
        self.progress_label.setText(
            _("{answered} / {total} answered").format(answered=answered, total=total)
        )
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(answered)
        self.banner.setVisible(self.is_closed())
        if self.is_closed():
            self.banner.setText(banner_text(run))

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
        figure = self.data.evidence.get(item.evidence, "") if item and item.evidence else ""
        answer = self.data.answers.get(item_id) if self.data and item_id else None
        self.pane.show_item(item, figure, answer)

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
        paint_row(self.items[item_id], answer)
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


__all__ = [
    "CLOSED_STYLE",
    "EVIDENCE_STYLE",
    "ITEM_ROLE",
    "VERDICT_COLOURS",
    "VERDICT_KEYS",
    "VERDICT_LABELS",
    "Answer",
    "ChecklistRunner",
    "RunData",
    "attach_file",
    "load_run",
    "verdict_for_key",
    "verdict_text",
]
