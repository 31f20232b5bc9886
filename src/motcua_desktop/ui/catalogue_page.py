"""The catalogue page: browse procedures by field, filter them, see details, edit them locally."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.calendar import processing_text
from motcua_desktop.domain.procedures import Procedure
from motcua_desktop.i18n import _, format_money
from motcua_desktop.services import catalogue as catalogue_service
from motcua_desktop.ui.catalogue_model import COL_CODE, COL_NAME, COL_TIME, CatalogueModel
from motcua_desktop.ui.override_dialog import KIND_NAMES, OverrideDialog

FILTER_DELAY_MS = 200
EDIT_ROLES = ("admin", "leader")


class CataloguePage(QWidget):
    """Procedures grouped by field on the left, the selected one's details on the right."""

    def __init__(self, ctx, user, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self.can_edit = user.role in EDIT_ROLES
        self.current: Procedure | None = None
        self._reselect: str | None = None
        self.loaded = 0  # how many loads have finished (tests wait on it)

        self.filter = QLineEdit(objectName="catalogue_filter")
        self.filter.setClearButtonEnabled(True)
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter)
        self.count_label = QLabel()
        self.model = CatalogueModel(self)
        self.tree = QTreeView(objectName="catalogue_tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TIME, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = QTextBrowser(objectName="catalogue_detail")
        self.detail.setOpenLinks(False)
        self.edit_button = QPushButton(objectName="edit_locally", clicked=self.edit_locally)
        self.restore_button = QPushButton(objectName="restore", clicked=self.restore)
        for button in (self.edit_button, self.restore_button):
            button.setVisible(self.can_edit)
            button.setEnabled(False)

        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.filter.returnPressed.connect(self._filter_enter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter_label)
        row.addWidget(self.filter, 1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.restore_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        runner.changed.connect(self._on_changed)
        self.retranslate_ui()
        self.reload()

    def retranslate_ui(self) -> None:
        self.filter_label.setText(_("&Find:"))
        self.filter.setPlaceholderText(_("name, code or field — accents optional"))
        self.edit_button.setText(_("&Edit locally…"))
        self.restore_button.setText(_("Restore &catalogue value"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        self._update_count()
        self._show_detail(self.current)

    def focus_first(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # -- loading ------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(
            catalogue_service.list_procedures,
            self.ctx,
            self.filter.text(),
            on_success=self._loaded,
        )

    def _loaded(self, procedures: list[Procedure]) -> None:
        keep = self._reselect or (self.current.code if self.current else None)
        self._reselect = None
        self.model.set_procedures(procedures)
        self.tree.expandAll()
        index = self.model.find(keep) if keep else QModelIndex()
        if not index.isValid():
            index = self.model.first_procedure()
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self._show_detail(None)
        self._update_count()
        self.loaded += 1

    def _update_count(self) -> None:
        self.count_label.setText(
            _("{n} procedures in {f} fields").format(
                n=self.model.procedure_count(), f=len(self.model.fields())
            )
        )

    def _filter_enter(self) -> None:
        self._timer.stop()
        self.reload()
        self.tree.setFocus()

    def _on_changed(self, tag: str) -> None:
        if tag == "catalogue":
            self.reload()

    # -- details -------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail(self.model.procedure(current))

    def _show_detail(self, p: Procedure | None) -> None:
        self.current = p
        for button in (self.edit_button, self.restore_button):
            button.setEnabled(p is not None)
        self.restore_button.setEnabled(bool(p and p.overridden))
        if p is None:
            hint = _("Select a procedure to see its details.")
            self.detail.setHtml("<p>" + escape(hint) + "</p>")
            return
        self.detail.setHtml(procedure_html(p))

    # -- local overrides -------------------------------------------------------

    def edit_locally(self) -> None:
        p = self.current
        if p is None or not self.can_edit:
            return
        dialog = self.make_override_dialog(p)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        processing, components = dialog.result_values()
        self._reselect = p.code
        self.runner.run(
            catalogue_service.set_override,
            self.ctx,
            p.code,
            processing,
            components,
            self.user,
            on_success=self._saved,
            changes="catalogue",
            progress_label=_("Saving…"),
        )

    def make_override_dialog(self, p: Procedure) -> OverrideDialog:
        return OverrideDialog(p, self)

    def restore(self) -> None:
        p = self.current
        if p is None or not p.overridden or not self.can_edit:
            return
        answer = QMessageBox.question(
            self,
            _("Restore catalogue value"),
            _(
                "Drop this commune's processing time and components for {code} "
                "and use the catalogue's again?"
            ).format(code=p.code),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._reselect = p.code
        self.runner.run(
            catalogue_service.clear_override,
            self.ctx,
            p.code,
            self.user,
            on_success=self._saved,
            changes="catalogue",
        )

    def _saved(self, procedure: Procedure) -> None:
        # The "catalogue" change reloads the list; show the new values at once meanwhile.
        self.model.replace_procedure(procedure)
        if self.current and self.current.code == procedure.code:
            self._show_detail(procedure)


def _override_note(p: Procedure) -> str:
    """Who changed the procedure locally and when, if the service says so."""
    extra = p.extra or {}
    who = extra.get("override_by") or ""
    when = extra.get("override_at") or ""
    if who and when:
        return _("Changed locally by {who} on {when}").format(who=who, when=when)
    return _("Changed locally in this commune")


def procedure_html(p: Procedure) -> str:
    """The detail pane's rich text for one procedure."""
    rows = [
        (_("Code"), p.code),
        (_("National code"), p.national_code or "—"),
        (_("Field"), p.field),
        (_("Processing time"), processing_text(p.processing)),
        (
            _("Cut-off"),
            _("received after {time} counts from the next working day").format(
                time=p.processing.cutoff.strftime("%H:%M")
            )
            if p.processing.cutoff
            else "—",
        ),
        (
            _("Fee"),
            (format_money(p.fee_vnd) if p.fee_vnd else _("Free"))
            + (f" ({p.fee_note})" if p.fee_note else ""),
        ),
        (_("Result"), p.result or "—"),
        (_("Legal basis"), p.legal_basis or "—"),
    ]
    parts = [f"<h3>{escape(p.name)}</h3>"]
    if p.overridden:
        parts.append(f"<p style='color:#8a5300'><i>{escape(_override_note(p))}</i></p>")
    parts.append("<table cellspacing='0' cellpadding='3'>")
    for label, value in rows:
        parts.append(
            f"<tr><td valign='top'><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>"
        )
    parts.append("</table>")
    parts.append("<h4>" + escape(_("Components")) + "</h4>")
    if p.components:
        parts.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'>")
        parts.append(
            "<tr><th>#</th><th align='left'>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>".format(
                *(escape(t) for t in (_("Component"), _("Form"), _("Count"), _("Required")))
            )
        )
        for i, c in enumerate(p.components, 1):
            parts.append(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td align='center'>{}</td>"
                "<td align='center'>{}</td></tr>".format(
                    i,
                    escape(c.name),
                    escape(_(KIND_NAMES.get(c.kind, str(c.kind)))),
                    c.count,
                    escape(_("yes") if c.required else _("no")),
                )
            )
        parts.append("</table>")
    else:
        parts.append("<p>" + escape(_("No components listed.")) + "</p>")
    return "".join(parts)
