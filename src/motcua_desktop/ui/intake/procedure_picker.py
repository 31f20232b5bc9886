"""The procedure picker: type a code or a few words without diacritics, arrows and Enter choose."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.procedures import Procedure, TimeUnit
from motcua_desktop.domain.text import matches
from motcua_desktop.i18n import _, format_money, ngettext

VISIBLE_ROWS = 6


def processing_label(procedure: Procedure) -> str:
    """The processing time in the UI language: "5 working days", "same day"."""
    p = procedure.processing
    if p.unit == TimeUnit.SAME_DAY:
        return _("same day")
    if p.unit == TimeUnit.WORKING_HOURS:
        return ngettext("{n} working hour", "{n} working hours", p.amount).format(n=p.amount)
    return ngettext("{n} working day", "{n} working days", p.amount).format(n=p.amount)


def _search_text(procedure: Procedure) -> str:
    return " ".join(
        filter(None, (procedure.code, procedure.national_code, procedure.name, procedure.field))
    )


class ProcedurePicker(QWidget):
    """Line edit over a filtered list; ``chosen`` fires with the picked ``Procedure``."""

    chosen = Signal(object)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._procedures: list[Procedure] = []
        self._current: Procedure | None = None
        self.edit = QLineEdit(self)
        self.edit.setObjectName("procedureEdit")
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("procedureList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.itemActivated.connect(self._pick_item)
        self.list.itemClicked.connect(self._pick_item)
        self.list.hide()
        self.info = QLabel(self)
        self.info.setObjectName("procedureInfo")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        layout.addWidget(self.error)
        layout.addWidget(self.info)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._on_text_edited)
        self.edit.installEventFilter(self)
        self.retranslate_ui()

    # -- public --------------------------------------------------------------

    def set_procedures(self, procedures: list[Procedure]) -> None:
        self._procedures = list(procedures)
        if self.edit.hasFocus() and self._current is None:
            self._refilter()

    def procedures(self) -> list[Procedure]:
        return list(self._procedures)

    def current(self) -> Procedure | None:
        return self._current

    def select_code(self, code: str) -> bool:
        """Choose the procedure with ``code`` (a draft restore); False if unknown."""
        for procedure in self._procedures:
            if procedure.code == code:
                self._choose(procedure)
                return True
        return False

    def clear(self) -> None:
        self._current = None
        self.edit.clear()
        self.list.clear()
        self.list.hide()
        self.set_error("")
        self._show_info()

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def retranslate_ui(self) -> None:
        self.edit.setPlaceholderText(
            _("Type a code or words without diacritics, e.g. “khai sinh”, “chung thuc”")
        )
        self.edit.setAccessibleName(_("Procedure"))
        self._show_info()

    # -- filtering and choosing ---------------------------------------------

    def _on_text_edited(self, _text: str) -> None:
        if self._current is not None:
            self._current = None
            self._show_info()
            self.cleared.emit()
        self._refilter()

    def _refilter(self) -> None:
        query = self.edit.text()
        self.list.clear()
        for procedure in self._procedures:
            if matches(query, _search_text(procedure)):
                item = QListWidgetItem(f"{procedure.name}  ·  {procedure.field}")
                item.setData(Qt.ItemDataRole.UserRole, procedure)
                item.setToolTip(f"{procedure.code} — {procedure.name}")
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
            row_height = max(self.list.sizeHintForRow(0), 24)
            rows = min(self.list.count(), VISIBLE_ROWS)
            self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 2)
        self.list.setVisible(bool(query.strip()) or self.edit.hasFocus())
        if not self.list.count():
            self.list.hide()
            if query.strip():
                self.set_error(_("No procedure matches “{query}”.").format(query=query.strip()))
        else:
            self.set_error("")

    def _move(self, step: int) -> None:
        if not self.list.isVisible():
            self._refilter()
            return
        row = self.list.currentRow() + step
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def _pick_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self._choose(item.data(Qt.ItemDataRole.UserRole))

    def _choose(self, procedure: Procedure) -> None:
        self._current = procedure
        self.edit.setText(procedure.name)
        self.edit.setCursorPosition(0)
        self.list.hide()
        self.set_error("")
        self._show_info()
        self.chosen.emit(procedure)

    def pick_current(self) -> bool:
        """Choose the highlighted entry; True when something was chosen."""
        if self.list.isVisible() and self.list.currentItem() is not None:
            self._pick_item(self.list.currentItem())
            return True
        return False

    def _show_info(self) -> None:
        p = self._current
        if p is None:
            self.info.setText(
                "<span style='color:#555'>"
                + _("↑ ↓ move in the list, Enter chooses the procedure.")
                + "</span>"
            )
            return
        fee = format_money(p.fee_vnd) if p.fee_vnd else _("no fee")
        # Labels through plain _() calls: Babel cannot extract _() inside f-strings.
        parts = (
            (_("Code"), p.code),
            (_("Field"), p.field),
            (_("Processing time"), processing_label(p)),
            (_("Fee"), fee),
        )
        self.info.setText(
            " &nbsp;·&nbsp; ".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in parts)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key == Qt.Key.Key_PageDown:
                self._move(VISIBLE_ROWS)
                return True
            if key == Qt.Key.Key_PageUp:
                self._move(-VISIBLE_ROWS)
                return True
            if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.pick_current():
                    self.focusNextChild()
                    return True
                if self._current is None:
                    self._refilter()
                    return True  # nothing chosen yet: stay here
                self.focusNextChild()  # already chosen: Enter advances like elsewhere
                return True
            if key == Qt.Key.Key_Escape and self.list.isVisible():
                self.list.hide()
                return True
        if (
            watched is self.edit
            and event.type() == QEvent.Type.FocusOut
            and self._current is None
            and not self.list.underMouse()
        ):
            self.list.hide()
        return super().eventFilter(watched, event)
