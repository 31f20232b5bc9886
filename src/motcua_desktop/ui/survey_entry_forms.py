"""The forms typed so far in a batch, as the entry page lists them: the table and its count,
and correcting or taking back the form chosen in it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from motcua_desktop.i18n import _, format_number, ngettext
from motcua_desktop.services import surveys
from motcua_desktop.ui.survey_dialogs import confirm_take_back
from motcua_desktop.ui.survey_form_editor import FormInput


def load_entry_state(ctx) -> tuple[list, list]:
    """The satisfaction templates installed and the batches so far (runs on the worker)."""
    templates = [t for t in surveys.installed_templates(ctx) if t.kind == "satisfaction"]
    return templates, surveys.list_batches(ctx)


def as_input(form) -> FormInput:
    return FormInput(
        answers=dict(form.answers),
        overall=form.overall,
        reasons=list(form.reasons),
        reason_text=form.reason_text,
        respondent={k: v for k, v in form.respondent.items() if k != "dossier_code"},
        dossier_code=form.dossier_code,
    )


def answers_text(form, template) -> str:
    """A form's answers in one line, "4 5 | 3 — 4 …", grouped by factor as on the paper."""
    if template is None:
        return " ".join("—" if v is None else str(v) for v in form.answers.values())
    groups: dict[str, list[str]] = {}
    for q in template.questions:
        level = form.answers.get(q.id)
        groups.setdefault(q.factor, []).append("—" if level is None else str(level))
    return " | ".join(" ".join(cells) for cells in groups.values())


def forms_table() -> QTableWidget:
    """The read-only, one-row-at-a-time table of the forms in the batch."""
    table = QTableWidget(0, 4, objectName="batchForms")
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def forms_headers() -> list[str]:
    return [_("No."), _("Answers"), _("Blank"), _("Dossier")]


def count_text(batch, forms: list) -> str:
    """The line above the forms: how many in the batch, and how many answers left blank."""
    if batch is None:
        return _("Start a batch with Ctrl+N.")
    n = len(forms)
    blanks = sum(f.missing for f in forms)
    text = ngettext("{n} form in this batch", "{n} forms in this batch", n).format(
        n=format_number(n)
    )
    if blanks:
        text += " · " + ngettext("{n} blank answer", "{n} blank answers", blanks).format(
            n=format_number(blanks)
        )
    return text


class BatchFormsList:
    """The part of ``SurveyEntryPage`` that lists the forms typed and corrects or takes them back.

    Works on the page's ``table``, ``forms``, ``editor``, ``editing`` and ``saving``.
    """

    def _show_count(self) -> None:
        self.count_label.setText(count_text(self.batch, self.forms))

    def _fill_table(self, rows: range | None = None) -> None:
        """Write the rows of ``self.forms`` (all, or only ``rows``)."""
        template = self.editor.template
        self.table.setRowCount(len(self.forms))
        for row in rows if rows is not None else range(len(self.forms)):
            f = self.forms[row]
            cells = (str(f.number), answers_text(f, template), str(f.missing) if f.missing else "",
                     f.dossier_code)  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2 and f.missing:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, item)
        if self.forms:
            self.table.scrollToBottom()

    def selected_form(self):
        row = self.table.currentRow()
        return self.forms[row] if 0 <= row < len(self.forms) else None

    def correct_selected(self) -> None:
        form = self.selected_form()
        if form is None or self.saving:
            return
        self.editing = form
        self.editor.load(as_input(form))
        self._set_status(
            _("Correcting form no. {n}: Enter saves the correction, Esc cancels.").format(
                n=form.number
            ),
            "edit",
        )
        self.editor.focus_first()

    def take_back_selected(self) -> None:
        form = self.selected_form()
        if form is None or self.saving or not confirm_take_back(self, form.number):
            return
        self.runner.run(
            surveys.delete_form, self.ctx, self.user, form.id,
            on_success=lambda _r: self._taken_back(form), changes="surveys",
        )  # fmt: skip

    def _taken_back(self, form) -> None:
        self.forms = [f for f in self.forms if f.id != form.id]
        if self.editing is not None and self.editing.id == form.id:
            self.editing = None
            self.editor.clear()
        self._fill_table()
        self._show_count()
        self._set_status(_("Form no. {n} taken back.").format(n=form.number), "ok")
