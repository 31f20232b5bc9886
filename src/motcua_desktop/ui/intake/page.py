"""The intake page: one citizen's dossier from procedure to printed slip, entirely by keyboard."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.i18n import _, format_ui_datetime
from motcua_desktop.services import catalogue, drafts, intake, setup
from motcua_desktop.ui.intake.applicant_form import error_label
from motcua_desktop.ui.intake.form import IntakeForm
from motcua_desktop.ui.intake.outcome_dialogs import MissingComponentsDialog, confirm
from motcua_desktop.ui.intake.save_flow import SaveFlow
from motcua_desktop.ui.intake.style import PAGE_STYLE
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.pdf_preview import PdfPreviewDialog

log = logging.getLogger(__name__)
DRAFT_FORM = "intake"
DRAFT_DELAY_MS = 3000
DUE_DELAY_MS = 150
_ADVANCE_ON_ENTER = (QLineEdit, QComboBox, QSpinBox, QDateTimeEdit, QCheckBox)


class IntakePage(QWidget):
    """Procedure, applicant, components and time, top to bottom; Ctrl+S saves and prints."""

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.user, self.runner = ctx, user, runner
        self.setObjectName("intakePage")
        self.setStyleSheet(PAGE_STYLE)
        self._commune_phone = ""
        self._due_token = 0
        self._last: tuple[DossierRecord, str] | None = None
        self.last_document = None
        self.flow = SaveFlow(ctx, user, runner, self)

        self.title = QLabel(self, objectName="pageTitle")
        self.banner = QLabel(self, objectName="savedBanner", wordWrap=True)
        self.banner.hide()
        self.general_error = error_label(self)
        self.form = IntakeForm(self)
        # The sections under short names, for the page's own code and the tests.
        self.picker, self.applicant = self.form.picker, self.form.applicant
        self.components, self.timing = self.form.components, self.form.timing
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.scroll = scroll

        self.save_button = QPushButton(self, objectName="saveButton")
        self.print_button = QPushButton(self)
        self.new_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.status = QLabel(self, objectName="status")
        bar = QHBoxLayout()
        bar.setContentsMargins(24, 6, 24, 10)
        bar.addWidget(self.status, 1)
        for button in (self.cancel_button, self.new_button, self.print_button, self.save_button):
            button.setMinimumHeight(40)
            bar.addWidget(button)
        top = QVBoxLayout()
        top.setContentsMargins(24, 12, 24, 0)
        top.addWidget(self.title)
        top.addWidget(self.banner)
        top.addWidget(self.general_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)

        self._set_tab_order()
        self._install_shortcuts()
        self._connect()
        self.retranslate_ui()
        self._load_reference_data()

    # -- construction -------------------------------------------------------

    def _set_tab_order(self) -> None:
        chain = [*self.form.tab_chain(), self.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for widget in chain[1:]:  # the picker's own filter handles its Enter
            if isinstance(widget, _ADVANCE_ON_ENTER) or widget is self.components.table:
                widget.installEventFilter(self)

    def _install_shortcuts(self) -> None:
        def shortcut(keys: str, slot) -> QShortcut:
            sc = QShortcut(QKeySequence(keys), self, slot)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return sc

        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            shortcut(keys, self.save)
        shortcut("Ctrl+P", self.print_last)
        shortcut("Esc", self.cancel)
        self.new_shortcut = shortcut("Ctrl+N", self.new_intake)

    def _connect(self) -> None:
        self.picker.chosen.connect(self._on_procedure_chosen)
        self.picker.cleared.connect(lambda: self.timing.show_due(None))
        for part in (self.applicant, self.components, self.timing):
            part.changed.connect(self._on_changed)
        self.timing.received_changed.connect(self._schedule_due)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_last)
        self.new_button.clicked.connect(self.new_intake)
        self.cancel_button.clicked.connect(self.cancel)
        self.flow.problems.connect(self._show_problems)
        self.flow.missing.connect(self._ask_outcome)
        self.flow.saved.connect(self._on_saved)
        self.flow.printed.connect(self._on_printed)
        self.flow.busy_changed.connect(self._on_busy)
        self.runner.changed.connect(self._on_data_changed)
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._autosave)
        self._due_timer = QTimer(self, singleShot=True, interval=DUE_DELAY_MS)
        self._due_timer.timeout.connect(self._request_due)

    def _load_reference_data(self) -> None:
        self.runner.run(
            catalogue.list_procedures, self.ctx, "", on_success=self.picker.set_procedures
        )
        self.runner.run(setup.get_profile, self.ctx, on_success=self._on_profile)
        # Queued after the catalogue, so a restored draft finds its procedure.
        self.runner.run(drafts.load_draft, self.ctx, DRAFT_FORM, on_success=self._offer_draft)

    def _on_profile(self, profile) -> None:
        self._commune_phone = profile.phone if profile else ""

    def _on_data_changed(self, tag: str) -> None:
        if tag == "catalogue":
            self.runner.run(
                catalogue.list_procedures, self.ctx, "", on_success=self.picker.set_procedures
            )
        elif tag == "profile":
            self.runner.run(setup.get_profile, self.ctx, on_success=self._on_profile)

    def hideEvent(self, event) -> None:  # noqa: N802
        # Leaving the page (or closing the window) writes a pending draft at once.
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self._autosave()
        self._due_timer.stop()
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        # A host window with its own Ctrl+N action would make ours ambiguous.
        host_has_new = any(
            action.shortcut() == QKeySequence("Ctrl+N")
            for action in self.window().findChildren(QAction)
        )
        self.new_shortcut.setEnabled(not host_has_new)
        self._schedule_due()  # the clock may have moved while the page was away
        super().showEvent(event)

    # -- form state ----------------------------------------------------------

    def has_data(self) -> bool:
        return self.form.has_data()

    def form_data(self) -> dict:
        """The whole form as plain JSON values (the draft)."""
        return self.form.to_dict()

    def load_form(self, data: dict) -> None:
        self.form.load_dict(data)
        self._schedule_due()

    def build_request(self) -> intake.IntakeRequest:
        return self.form.build_request()

    def _reset(self, *, discard_draft: bool) -> None:
        self.form.reset()
        self.general_error.hide()
        self._draft_timer.stop()
        if discard_draft:
            self.runner.run(drafts.clear_draft, self.ctx, DRAFT_FORM)
        self.focus_first()

    def _clear_errors(self) -> None:
        self.form.clear_errors()
        self.general_error.hide()

    def focus_first(self) -> None:
        self.picker.edit.setFocus()
        self.scroll.ensureVisible(0, 0)

    # -- reactions -----------------------------------------------------------

    def _on_procedure_chosen(self, procedure) -> None:
        if not self.form.loading:
            self.components.load_procedure(procedure)
        self._schedule_due()
        self._on_changed()

    def _on_changed(self) -> None:
        if not self.form.loading:
            self._draft_timer.start()

    def _schedule_due(self) -> None:
        self._due_timer.start()

    def _request_due(self) -> None:
        procedure = self.picker.current()
        self._due_token += 1
        if not self.isVisible():
            return
        if procedure is None:
            self.timing.show_due(None)
            return
        token = self._due_token
        self.runner.run(
            intake.preview_due, self.ctx, procedure.code, self.timing.received_at(),
            on_success=lambda due: token == self._due_token and self.timing.show_due(due),
            on_error=lambda exc: token == self._due_token and self.timing.show_due(None, exc.message),
        )  # fmt: skip

    def _on_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.status.setText(_("Saving…") if busy else "")

    # -- drafts --------------------------------------------------------------

    def _autosave(self) -> None:
        if self.has_data() and not self.flow.is_busy():
            self.runner.run(
                drafts.save_draft,
                self.ctx,
                DRAFT_FORM,
                self.form_data(),
                on_error=lambda exc: log.warning("draft not saved: %s", exc),
            )

    def save_draft_now(self) -> None:
        """Keep the form as a draft now, waiting for the write (the crash hook calls this)."""
        self._draft_timer.stop()
        if self.has_data():
            self.runner.call(drafts.save_draft, self.ctx, DRAFT_FORM, self.form_data())

    def _offer_draft(self, draft) -> None:
        data = getattr(draft, "data", draft)
        if not data or self.has_data():
            return
        name = (data.get("applicant") or {}).get("name") or _("(no name)")
        if confirm(
            self,
            _("Unsaved intake"),
            _("An intake form was not saved (applicant: {name}). Restore it?").format(name=name),
        ):
            self.load_form(data)
        else:
            self.runner.run(drafts.clear_draft, self.ctx, DRAFT_FORM)

    # -- commands ------------------------------------------------------------

    def save(self) -> None:
        """Validate and save; the outcome (receipt, supplement, refusal) prints its slip."""
        if self.flow.is_busy():
            return
        self._clear_errors()
        if self.picker.current() is None:
            self.picker.set_error(_("Choose a procedure from the list first."))
            self.picker.edit.setFocus()
            return
        self._draft_timer.stop()
        self.flow.start(self.build_request())

    def new_intake(self) -> None:
        """Start an empty form for the next citizen (asks before discarding typed data)."""
        if self.has_data() and not confirm(
            self, _("New intake"), _("Discard the data typed in this form and start a new one?")
        ):
            return
        self.banner.hide()
        self._reset(discard_draft=True)

    def cancel(self) -> None:
        """Esc: close the procedure list, else clear the form (asking first)."""
        if self.picker.list.isVisible():
            self.picker.list.hide()
            return
        if self.has_data() and not confirm(
            self,
            _("Cancel intake"),
            _("Cancel this intake? The data typed in the form will be lost."),
        ):
            return
        self._reset(discard_draft=True)

    def print_last(self) -> None:
        """Ctrl+P: render the last saved slip again and preview it."""
        if self._last is None:
            self.status.setText(_("Nothing has been saved yet in this session."))
            return
        if not self.flow.is_busy():
            self.flow.print_slip(*self._last)

    def _show_problems(self, problems: list) -> None:
        first, general = self.form.show_problems(problems)
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first is not None:
            first.setFocus()
            self.scroll.ensureWidgetVisible(first)

    def _ask_outcome(self, missing: list) -> None:
        name = self.user.full_name or self.user.username
        dialog = MissingComponentsDialog(missing, name, self._commune_phone, self)
        accepted = dialog.exec() == MissingComponentsDialog.DialogCode.Accepted
        self.flow.decide(dialog.outcome() if accepted else None)
        if not accepted:
            self.components.table.setFocus()
        dialog.deleteLater()

    def _on_saved(self, record: DossierRecord, kind: str) -> None:
        self._last = (record, kind)
        self.runner.run(drafts.clear_draft, self.ctx, DRAFT_FORM)
        self._show_banner()
        self._reset(discard_draft=False)

    def _on_printed(self, record: DossierRecord, kind: str, document) -> None:
        self.last_document = document
        self.open_preview(document.path)

    def open_preview(self, path) -> None:
        dialog = PdfPreviewDialog(path, self)
        dialog.exec()
        dialog.deleteLater()
        # Take the keyboard back for the next citizen, even if the platform left no
        # window active when the preview closed.
        self.window().activateWindow()
        self.focus_first()

    def _show_banner(self) -> None:
        if self._last is None:
            return
        record, kind = self._last
        values = {"code": record.code, "name": record.applicant.name}
        if kind == "receipt":
            due = format_ui_datetime(record.due_at) if record.due_at else "—"
            text = _("✔ Dossier {code} accepted for {name}. Appointment: {due}.").format(
                due=due, **values
            )
        elif kind == "supplement":
            text = _("✔ Dossier {code}: a supplement was requested from {name} (form 02).").format(
                **values
            )
        else:
            text = _("✔ Dossier {code}: refused for {name} (form 03).").format(**values)
        text += "  " + _("Ctrl+P prints the slip again · Ctrl+N next citizen.")
        self.banner.setText(text)
        self.banner.setProperty("kind", kind)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()

    # -- keyboard: Enter moves on ---------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            popup = isinstance(watched, QComboBox) and watched.view().isVisible()
            # Enter that closes a count editor in the table bubbles up here: stay.
            editing = watched is self.components.table and (
                self.components.table.state() == QAbstractItemView.State.EditingState
            )
            if plain and not popup and not editing:
                self.focusNextChild()
                return True
        return super().eventFilter(watched, event)

    def retranslate_ui(self) -> None:
        self.title.setText(_("Take in a dossier"))
        self.save_button.setText(_("Save and print (Ctrl+S)"))
        self.print_button.setText(_("Print again (Ctrl+P)"))
        self.new_button.setText(_("New (Ctrl+N)"))
        self.cancel_button.setText(_("Cancel (Esc)"))
        self.form.retranslate_ui()
        self._show_banner()
