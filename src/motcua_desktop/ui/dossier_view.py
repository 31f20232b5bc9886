"""One dossier in its own window: header, details, history, documents and the actions its state allows."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.lifecycle import Action
from motcua_desktop.i18n import _
from motcua_desktop.services import lifecycle, printing
from motcua_desktop.ui import dossier_actions as dialogs
from motcua_desktop.ui import dossier_sections as sec
from motcua_desktop.ui import errors
from motcua_desktop.ui.dossier_commands import (
    ACTION_KEYS,
    ACTION_LABELS,
    ACTION_SLIPS,
    EVALUATE_KEY,
    EVALUATE_LABEL,
    can_evaluate,
    make_dialog,
    open_evaluation_for,
)
from motcua_desktop.ui.dossier_snapshot import DossierSnapshot, deadline_state, load_snapshot
from motcua_desktop.ui.language import translate_ui
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.pdf_preview import PdfPreviewDialog


def open_dossier_view(parent: QWidget, ctx, user, runner: OpRunner, code: str) -> DossierView:
    """Show the window of ``code``, reusing the one already open for it."""
    for view in parent.findChildren(DossierView):
        if view.code == code and view.isVisible():
            view.raise_()
            view.activateWindow()
            return view
    view = DossierView(ctx, user, runner, code, parent)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.show()
    return view


class DossierView(QDialog):
    """A non-modal window per dossier; Esc closes it, F5 reloads it."""

    def __init__(self, ctx, user, runner: OpRunner, code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.user, self.runner, self.code = ctx, user, runner, code
        self.snapshot: DossierSnapshot | None = None
        self.action_buttons: dict[Action, QPushButton] = {}
        self.current_dialog: dialogs.ActionDialog | None = None
        self.last_document = None
        self._busy = False
        self._reload_pending = False
        self._shown_once = False
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.setModal(False)
        self.setObjectName("dossierView")
        self.setStyleSheet(sec.VIEW_STYLE)
        self.resize(1180, 860)
        self._build()
        self._install_shortcuts()
        runner.changed.connect(self._on_changed)
        translate_ui(self)
        self.reload()

    # -- construction -----------------------------------------------------------

    def _build(self) -> None:
        self.code_label = QLabel(self.code, self, objectName="dossierCode")
        self.code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.status_label = QLabel(self, objectName="statusPill")
        self.procedure_label = QLabel(self, objectName="procedure", wordWrap=True)
        self.dates_label = QLabel(self, objectName="dates", wordWrap=True)
        self.dates_label.setTextFormat(Qt.TextFormat.RichText)
        self.deadline_label = QLabel(self, objectName="deadline", wordWrap=True)
        top = QHBoxLayout()
        top.addWidget(self.code_label)
        top.addSpacing(12)
        top.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        header = QVBoxLayout()
        header.setContentsMargins(20, 14, 20, 8)
        header.addLayout(top)
        header.setSpacing(6)
        for widget in (self.procedure_label, self.dates_label, self.deadline_label):
            header.addWidget(widget)

        body = QWidget(self)
        self.titles = {
            k: sec.section_title(body)
            for k in ("people", "service", "components", "handovers", "events", "documents")
        }
        self.people = sec.DetailsForm(list(sec.applicant_labels()), body)
        self.service = sec.DetailsForm([*sec.service_labels(), "returned"], body)
        self.components = sec.make_table(body, "componentsTable", 6, stretch=1)
        self.handovers = sec.make_table(body, "handoversTable", 5, stretch=4)
        self.events = sec.make_table(body, "timelineTable", 5, stretch=4)
        self.documents = sec.make_table(body, "documentsTable", 4, stretch=3)
        self.documents.doubleClicked.connect(lambda _index: self.preview_document())
        self.preview_button = QPushButton(body, clicked=self.preview_document)
        self.reprint_button = QPushButton(body, clicked=lambda: self.preview_document(reprint=True))
        details = QGridLayout()
        details.setHorizontalSpacing(28)
        details.addWidget(self.titles["people"], 0, 0)
        details.addWidget(self.people, 1, 0, Qt.AlignmentFlag.AlignTop)
        details.addWidget(self.titles["service"], 0, 1)
        details.addWidget(self.service, 1, 1, Qt.AlignmentFlag.AlignTop)
        details.setColumnStretch(0, 1)
        details.setColumnStretch(1, 1)
        doc_buttons = QHBoxLayout()
        doc_buttons.addWidget(self.preview_button)
        doc_buttons.addWidget(self.reprint_button)
        doc_buttons.addStretch(1)
        content = QVBoxLayout(body)
        content.setContentsMargins(20, 0, 20, 16)
        content.addLayout(details)
        for key, widget in (
            ("components", self.components),
            ("events", self.events),
            ("handovers", self.handovers),
            ("documents", self.documents),
        ):
            content.addWidget(self.titles[key])
            content.addWidget(widget)
        content.addLayout(doc_buttons)
        content.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll = scroll

        self.panel = QFrame(self, objectName="actionPanel")
        self.panel.setFixedWidth(340)
        self.panel_title = QLabel(self.panel, objectName="panelTitle")
        self.no_actions = QLabel(self.panel, wordWrap=True)
        self.actions_box = QVBoxLayout()
        self.control_button = QPushButton(self.panel, clicked=self.print_control_sheet)
        self.evaluate_button = QPushButton(
            self.panel, objectName="evaluateButton", clicked=self.evaluate
        )
        self.refresh_button = QPushButton(self.panel, clicked=self.reload)
        self.close_button = QPushButton(self.panel, clicked=self.close)
        panel = QVBoxLayout(self.panel)
        panel.setContentsMargins(12, 14, 12, 14)
        panel.addWidget(self.panel_title)
        panel.addWidget(self.no_actions)
        panel.addLayout(self.actions_box)
        panel.addSpacing(16)
        panel.addWidget(self.control_button)
        panel.addWidget(self.evaluate_button)
        panel.addStretch(1)
        panel.addWidget(self.refresh_button)
        panel.addWidget(self.close_button)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(header)
        left.addWidget(scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(left, 1)
        layout.addWidget(self.panel)

    def _install_shortcuts(self) -> None:
        for action, keys in ACTION_KEYS.items():
            QShortcut(QKeySequence(keys), self, lambda a=action: self.trigger(a))
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_control_sheet)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, lambda: self.preview_document(reprint=True))
        QShortcut(QKeySequence("F5"), self, self.reload)
        QShortcut(QKeySequence(EVALUATE_KEY), self, self.evaluate)

    def evaluate(self) -> None:
        """The citizen's evaluation of a returned dossier (nine indicators, items 10–11)."""
        if self.snapshot is not None and can_evaluate(self.snapshot):
            open_evaluation_for(self, self.code)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Dossier {code}").format(code=self.code))
        for key, text in (
            ("people", _("Applicant and owner")),
            ("service", _("Fee, channel and handling")),
            ("components", _("Components")),
            ("events", _("Timeline (newest first)")),
            ("handovers", _("Hand-overs")),
            ("documents", _("Printed documents")),
        ):
            self.titles[key].setText(text)
        self.people.set_labels(sec.applicant_labels())
        self.service.set_labels({**sec.service_labels(), "returned": _("Result")})
        self.components.setHorizontalHeaderLabels(sec.component_headers())
        self.events.setHorizontalHeaderLabels(sec.event_headers())
        self.handovers.setHorizontalHeaderLabels(sec.handover_headers())
        self.documents.setHorizontalHeaderLabels(sec.document_headers())
        self.preview_button.setText(_("Preview (Enter)"))
        self.reprint_button.setText(_("Print again (Ctrl+Shift+P)"))
        self.panel_title.setText(_("Actions"))
        self.no_actions.setText(_("No further step is possible for this dossier."))
        self.control_button.setText(_("Control sheet, form 06 (Ctrl+P)"))
        label = _(EVALUATE_LABEL)
        self.evaluate_button.setText(f"{label} ({EVALUATE_KEY})")
        self.refresh_button.setText(_("Reload (F5)"))
        self.close_button.setText(_("Close (Esc)"))
        if self.snapshot is not None:
            self._show(self.snapshot)

    # -- loading ------------------------------------------------------------------

    def reload(self) -> None:
        if self._reload_pending:
            return
        self._reload_pending = True
        self.runner.run(
            load_snapshot,
            self.ctx,
            self.code,
            viewer=self.user,
            on_success=self._show,
            on_error=self._on_load_error,
        )

    def _on_load_error(self, exc: BaseException) -> None:
        self._reload_pending = False
        errors.show_error(self, exc)

    def _on_changed(self, tag: str) -> None:
        if tag in ("dossiers", "documents") and self.isVisible():
            self.reload()

    def _show(self, snap: DossierSnapshot) -> None:
        self._reload_pending = False
        self.snapshot = snap
        record = snap.record
        self.code = record.code
        self.code_label.setText(record.code)
        self.setWindowTitle(_("Dossier {code}").format(code=record.code))
        back, fore = sec.STATUS_COLOURS.get(record.status, ("#e9ecef", "#495057"))
        self.status_label.setText(sec.status_name(record.status))
        self.status_label.setStyleSheet(f"background: {back}; color: {fore};")
        self.procedure_label.setText(
            f"{record.procedure_name} — {record.field_name}"
            if record.field_name
            else record.procedure_name
        )
        self.dates_label.setText(sec.dates_text(snap))
        level, text = deadline_state(snap)
        self.deadline_label.setText(text)
        self.deadline_label.setProperty("level", level)
        self.deadline_label.style().unpolish(self.deadline_label)
        self.deadline_label.style().polish(self.deadline_label)
        self.deadline_label.setVisible(bool(text))

        self.people.set_values(sec.applicant_values(record))
        self.service.set_values(
            {**sec.service_values(record), "returned": sec.return_text(record, snap.events)}
        )
        sec.fill_table(self.components, sec.component_rows(record), max_rows=12)
        sec.fill_table(self.events, sec.event_rows(snap.events), max_rows=12)
        sec.fill_table(self.handovers, sec.handover_rows(snap.handovers), max_rows=8)
        self.shown_documents = list(reversed(snap.documents))
        sec.fill_table(
            self.documents, sec.document_rows(snap.documents, snap.printed_by), select=True
        )
        has_docs = bool(snap.documents)
        self.evaluate_button.setVisible(can_evaluate(snap))
        self.preview_button.setVisible(has_docs)
        self.reprint_button.setVisible(has_docs)
        for key, table in (("handovers", self.handovers), ("documents", self.documents)):
            empty = table.rowCount() == 0
            table.setVisible(not empty)
            self.titles[key].setVisible(not empty)
        self._show_actions(snap.allowed)

    def _show_actions(self, allowed: list[Action]) -> None:
        first = not self._shown_once
        self._shown_once = True
        focus = QApplication.focusWidget()
        lost = focus is None or focus is self or focus in self.action_buttons.values()
        for button in self.action_buttons.values():
            self.actions_box.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.action_buttons = {}
        for action in allowed:
            text = f"{_(ACTION_LABELS[action])}  ({ACTION_KEYS[action]})"
            button = QPushButton(
                text, self.panel, clicked=lambda _c=False, a=action: self.trigger(a)
            )
            button.setObjectName(f"action_{action.value}")
            self.actions_box.addWidget(button)
            self.action_buttons[action] = button
        self.no_actions.setVisible(not allowed)
        if lost or first:  # the focused button went away with the old state
            self.focus_first()

    def focus_first(self) -> None:
        """Keyboard focus on the first action offered (the control sheet when there is none)."""
        next(iter(self.action_buttons.values()), self.control_button).setFocus()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # Activation focuses the first widget of the tab chain; the actions come first.
        QTimer.singleShot(0, self, self.focus_first)

    def offered_actions(self) -> list[Action]:
        return list(self.action_buttons)

    # -- actions --------------------------------------------------------------------

    def trigger(self, action: Action) -> None:
        """Open the small dialog of ``action``; nothing happens unless the state offers it."""
        snap = self.snapshot
        if snap is None or action not in snap.allowed or self._busy:
            return
        dialog = make_dialog(action, snap, self.user, self)
        self.current_dialog = dialog
        dialog.accepted.connect(lambda: self._run_action(action, dialog.values()))
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        dialog.deleteLater()
        self.activateWindow()  # back to this dossier's keys, whatever the platform does

    def _run_action(self, action: Action, values: dict) -> None:
        self._set_busy(True)
        self.runner.run(
            getattr(lifecycle, action.value),
            self.ctx,
            self.code,
            self.user,
            **values,
            on_success=lambda record: self._after_action(action, record),
            on_error=self._on_error,
            changes="dossiers",
        )

    def _after_action(self, action: Action, record) -> None:
        slip = ACTION_SLIPS.get(action)
        if action is Action.RESUBMIT and record.status == Status.ACCEPTED:
            slip = "receipt"  # sent back at intake: now accepted, the citizen gets a receipt
        if slip is None:
            self._set_busy(False)
            return
        self.print_slip(slip)

    def print_slip(self, kind: str) -> None:
        self._set_busy(True)
        self.runner.run(
            printing.print_slip,
            self.ctx,
            self.code,
            kind,
            self.user,
            on_success=self._on_printed,
            on_error=self._on_error,
            changes="documents",
        )

    def print_control_sheet(self) -> None:
        if self.snapshot is not None and not self._busy:
            self.print_slip("control_sheet")

    def _on_printed(self, document) -> None:
        self._set_busy(False)
        self.last_document = document
        self.open_preview(document.path)

    def _on_error(self, exc: BaseException) -> None:
        # The service refused or failed inside its own transaction: nothing was half-done.
        self._set_busy(False)
        errors.show_error(self, exc)
        self.reload()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.panel.setEnabled(not busy)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Enter presses a focused button; in the document list it previews, elsewhere
        # it must not fall through to some default button of the window.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            if self.focusWidget() is self.documents:
                self.preview_document()
            return
        super().keyPressEvent(event)

    # -- documents --------------------------------------------------------------------

    def selected_document(self):
        row = self.documents.currentRow()
        docs = getattr(self, "shown_documents", [])
        return docs[row] if 0 <= row < len(docs) else None

    def preview_document(self, reprint: bool = False) -> None:
        """Open the stored PDF of the selected document; ``reprint`` goes straight to printing."""
        document = self.selected_document()
        if document is None:
            return
        self.runner.run(
            printing.document_path,
            self.ctx,
            document.id,
            on_success=lambda path: self.open_preview(path, reprint=reprint),
            on_error=self._on_error,
        )

    def open_preview(self, path, *, reprint: bool = False) -> None:
        dialog = PdfPreviewDialog(path, self)
        if reprint:
            QTimer.singleShot(0, dialog, dialog.print_document)
        dialog.exec()
        dialog.deleteLater()
