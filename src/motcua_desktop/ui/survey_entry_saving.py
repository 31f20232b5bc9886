"""Saving the form typed on the entry page, or clearing it.

Saves run on the operation runner; keys typed while a save is on its way are
held (see ``SurveyEntryPage.eventFilter``) and replayed on the next form, and a
failed save leaves the form as typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.i18n import _, ngettext
from motcua_desktop.services import surveys
from motcua_desktop.ui import errors
from motcua_desktop.ui.survey_dialogs import ask_keep_duplicate
from motcua_desktop.ui.survey_form_editor import FormInput


class FormSaving:
    """The part of ``SurveyEntryPage`` that saves (adds or corrects) a form and starts the next.

    Works on the page's ``batch``, ``editor``, ``editing``, ``forms``, ``saving`` and ``held_keys``.
    """

    def save_form(self, *, confirm: bool = False, data: FormInput | None = None) -> None:
        if self.saving or self.batch is None or self.editor.template is None:
            return
        data = data or self.editor.value()
        if self.editing is None and not confirm and self._is_blank(data):
            self._set_status(_("This form is empty: type its answers first."), "error")
            self.editor.focus_first()
            return
        kwargs = dict(overall=data.overall, reasons=data.reasons, reason_text=data.reason_text,
                      respondent=data.respondent, dossier_code=data.dossier_code,
                      confirm_duplicate=confirm)  # fmt: skip
        self.saving = True
        if self.editing is not None:
            fn, target = surveys.update_form, self.editing.id
        else:
            fn, target = surveys.add_form, self.batch.id
        self.runner.run(
            fn, self.ctx, self.user, target, data.answers, **kwargs,
            on_success=self._saved, on_error=lambda exc: self._save_failed(exc, data),
            changes="surveys",
        )  # fmt: skip

    @staticmethod
    def _is_blank(data: FormInput) -> bool:
        return (all(v is None for v in data.answers.values()) and data.overall is None
                and not data.reasons and not data.reason_text and not data.dossier_code)  # fmt: skip

    def _saved(self, form) -> None:
        self.saving = False
        corrected = self.editing is not None
        self.editing = None
        index = next((i for i, f in enumerate(self.forms) if f.id == form.id), None)
        if index is None:
            self.forms.append(form)
            index = len(self.forms) - 1
        else:
            self.forms[index] = form
        self._fill_table(range(index, index + 1))
        self._show_count()
        note = (
            ngettext("{n} answer left blank.", "{n} answers left blank.", form.missing).format(
                n=form.missing
            )
            if form.missing
            else ""
        )
        text = (
            _("Form no. {n} corrected.") if corrected else _("Form no. {n} saved. Next form.")
        ).format(n=form.number)
        self._set_status(f"{text} {note}".strip(), "ok")
        self.editor.clear()
        self.editor.focus_first()
        held, self.held_keys = self.held_keys, []
        for event in held:  # typed while the save was on its way: they belong to this form
            target = QApplication.focusWidget() or self.editor.grid
            QApplication.sendEvent(target, event)

    def _save_failed(self, exc: BaseException, data: FormInput) -> None:
        self.saving = False
        self.held_keys = []  # the form stays as it was typed; keys meant for the next one go
        if isinstance(exc, surveys.DuplicateForm):
            kept = ask_keep_duplicate(self, exc.message)
            self.activateWindow()
            if kept:
                self.save_form(confirm=True, data=data)
                return
            self._set_status(
                _("Not saved: {reason} Correct the form, or Esc to drop it.").format(
                    reason=exc.message
                ),
                "error",
            )
            self.editor.focus_first()
            return
        message = exc.message if isinstance(exc, MotcuaError) else str(exc)
        self._set_status(_("Not saved: {reason}").format(reason=message), "error")
        errors.show_error(self, exc)
        self.activateWindow()
        if getattr(exc, "field", None) == "dossier_code":
            self.editor.dossier_code.setFocus()
            self.editor.dossier_code.selectAll()

    def cancel_form(self) -> None:
        """Esc: drop the current form (or the correction) and start a fresh one."""
        if self.saving or self.batch is None:
            return
        self.editing = None
        self.editor.clear()
        self._set_status(_("Form cleared. Type the next form."), "ok")
        self.editor.focus_first()
