"""What to do when required components are missing: request a supplement, refuse, or go back."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import _


class OutcomeAction(StrEnum):
    SUPPLEMENT = "supplement"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Outcome:
    """The clerk's decision for an incomplete dossier."""

    action: OutcomeAction
    reason: str
    contact_name: str = ""
    contact_phone: str = ""


def supplement_reason(missing: list[str]) -> str:
    """The pre-filled reason: the list of missing components.

    Vietnamese whatever the UI language: the reason is printed on the legal slip.
    """
    lines = ["Hồ sơ còn thiếu các thành phần bắt buộc sau:"]
    lines += [f"- {name}" for name in missing]
    return "\n".join(lines)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/No question with No as the default; True on Yes."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(_("Yes"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(_("No"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


class MissingComponentsDialog(QDialog):
    """Lists the missing components and takes the clerk's decision; ``outcome()`` after exec."""

    CHOICE, SUPPLEMENT, REFUSE = range(3)

    def __init__(
        self,
        missing: list[str],
        contact_name: str,
        contact_phone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.missing = list(missing)
        self._outcome: Outcome | None = None
        self.setMinimumWidth(620)

        self.headline = QLabel(self)
        self.headline.setObjectName("missingHeadline")
        self.headline.setWordWrap(True)
        self.missing_list = QLabel(self)
        self.missing_list.setObjectName("missingList")
        self.missing_list.setWordWrap(True)
        self.missing_list.setTextFormat(Qt.TextFormat.RichText)

        self.stack = QStackedWidget(self)
        # Page 0: the three choices.
        choice = QWidget(self)
        choice_layout = QVBoxLayout(choice)
        self.supplement_button = QPushButton(choice)
        self.refuse_button = QPushButton(choice)
        self.back_button = QPushButton(choice)
        for button in (self.supplement_button, self.refuse_button, self.back_button):
            button.setMinimumHeight(44)
            choice_layout.addWidget(button)
        self.supplement_button.setDefault(True)
        self.supplement_button.clicked.connect(lambda: self.show_page(self.SUPPLEMENT))
        self.refuse_button.clicked.connect(lambda: self.show_page(self.REFUSE))
        self.back_button.clicked.connect(self.reject)
        self.stack.addWidget(choice)

        # Page 1: request to supplement (form 02).
        supplement = QWidget(self)
        self.supplement_reason = QPlainTextEdit(supplement_reason(self.missing), supplement)
        self.supplement_reason.setTabChangesFocus(True)
        self.contact_name = QLineEdit(contact_name, supplement)
        self.contact_phone = QLineEdit(contact_phone, supplement)
        self.reason_label = QLabel(supplement)
        self.contact_name_label = QLabel(supplement)
        self.contact_phone_label = QLabel(supplement)
        self.supplement_form = QFormLayout(supplement)
        self.supplement_form.addRow(self.reason_label, self.supplement_reason)
        self.supplement_form.addRow(self.contact_name_label, self.contact_name)
        self.supplement_form.addRow(self.contact_phone_label, self.contact_phone)
        self.supplement_ok = QPushButton(supplement)
        self.supplement_ok.clicked.connect(self._confirm_supplement)
        self.supplement_form.addRow(self._button_row(supplement, self.supplement_ok))
        self.stack.addWidget(supplement)

        # Page 2: refusal (form 03).
        refuse = QWidget(self)
        self.refuse_reason = QPlainTextEdit(supplement_reason(self.missing), refuse)
        self.refuse_reason.setTabChangesFocus(True)
        self.refuse_reason_label = QLabel(refuse)
        self.refuse_form = QFormLayout(refuse)
        self.refuse_form.addRow(self.refuse_reason_label, self.refuse_reason)
        self.refuse_ok = QPushButton(refuse)
        self.refuse_ok.clicked.connect(self._confirm_refusal)
        self.refuse_form.addRow(self._button_row(refuse, self.refuse_ok))
        self.stack.addWidget(refuse)

        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.missing_list)
        layout.addWidget(self.stack)
        layout.addWidget(self.error)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(QKeySequence(keys), self, self.confirm_current)
        self.retranslate_ui()

    def _button_row(self, parent: QWidget, ok: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        back = QPushButton(_("◀ Other choices"), parent)
        back.setObjectName("backToChoices")
        back.clicked.connect(lambda: self.show_page(self.CHOICE))
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(ok)
        ok.setDefault(True)
        return row

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Required components are missing"))
        self.headline.setText(
            _("The citizen has not handed in every required component. What should happen?")
        )
        self.missing_list.setText(
            "<ul style='color:#a4161a; font-weight:bold'>"
            + "".join(f"<li>{name}</li>" for name in self.missing)
            + "</ul>"
        )
        self.supplement_button.setText(_("&S — Request a supplement and print form 02"))
        self.refuse_button.setText(_("&R — Refuse to accept and print form 03"))
        self.back_button.setText(_("&B — Back to the form"))
        self.reason_label.setText(_("Reason"))
        self.contact_name_label.setText(_("Contact official"))
        self.contact_phone_label.setText(_("Contact phone"))
        self.supplement_ok.setText(_("Save and print the request"))
        self.refuse_reason_label.setText(_("Reason"))
        self.refuse_ok.setText(_("Save and print the refusal"))
        for button in self.findChildren(QPushButton, "backToChoices"):
            button.setText(_("◀ Other choices"))

    def show_page(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.error.hide()
        focus = {
            self.CHOICE: self.supplement_button,
            self.SUPPLEMENT: self.supplement_reason,
            self.REFUSE: self.refuse_reason,
        }[page]
        focus.setFocus()

    def outcome(self) -> Outcome | None:
        return self._outcome

    def _confirm_supplement(self) -> None:
        reason = self.supplement_reason.toPlainText().strip()
        if not reason:
            self._complain(_("Write the reason for the request."), self.supplement_reason)
            return
        self._outcome = Outcome(
            OutcomeAction.SUPPLEMENT,
            reason,
            self.contact_name.text().strip(),
            self.contact_phone.text().strip(),
        )
        self.accept()

    def _confirm_refusal(self) -> None:
        reason = self.refuse_reason.toPlainText().strip()
        if not reason:
            self._complain(_("Write the reason for the refusal."), self.refuse_reason)
            return
        self._outcome = Outcome(OutcomeAction.REFUSE, reason)
        self.accept()

    def _complain(self, message: str, widget: QWidget) -> None:
        self.error.setText(message)
        self.error.show()
        widget.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.stack.currentIndex() != self.CHOICE:
            self.show_page(self.CHOICE)
            return
        if self.stack.currentIndex() == self.CHOICE and not event.modifiers():
            target = {
                Qt.Key.Key_S: self.supplement_button,
                Qt.Key.Key_R: self.refuse_button,
                Qt.Key.Key_B: self.back_button,
            }.get(event.key())
            if target is not None:
                target.click()
                return
        super().keyPressEvent(event)

    def confirm_current(self) -> None:
        """Ctrl+Enter / Ctrl+S: confirm the open form (supplement or refusal)."""
        page = self.stack.currentIndex()
        if page == self.SUPPLEMENT:
            self._confirm_supplement()
        elif page == self.REFUSE:
            self._confirm_refusal()
