"""The applicant block of the intake form, with the ID number checked as it is typed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.dossier import Applicant, Channel
from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.domain.identity import validate_id_number
from motcua_desktop.i18n import N_, _

CHANNEL_LABELS = (
    (Channel.IN_PERSON, N_("In person")),
    (Channel.POSTAL, N_("Public postal service")),
    (Channel.ONLINE, N_("Online")),
)


def error_label(parent: QWidget) -> QLabel:
    """A red message line under a field; hidden while empty."""
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def field_block(parent: QWidget, caption: QLabel, field: QWidget, error: QLabel | None) -> QWidget:
    """A caption over its input over its error line, as one grid cell."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    caption.setBuddy(field)
    layout.addWidget(caption)
    layout.addWidget(field)
    if error is not None:
        layout.addWidget(error)
    return box


class ApplicantForm(QWidget):
    """Name, ID number, phone, address, email, the dossier owner and the channel."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.id_number = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.address = QLineEdit(self)
        self.email = QLineEdit(self)
        self.owner_differs = QCheckBox(self)
        self.owner_name = QLineEdit(self)
        self.owner_address = QLineEdit(self)
        self.channel = QComboBox(self)
        for name in (
            "name",
            "id_number",
            "phone",
            "address",
            "email",
            "owner_name",
            "owner_address",
        ):
            getattr(self, name).setObjectName(name)
        self.id_number.setMaxLength(20)
        self.phone.setMaxLength(20)
        self.errors: dict[str, QLabel] = {
            key: error_label(self)
            for key in (
                "name",
                "id_number",
                "phone",
                "address",
                "email",
                "owner_name",
                "owner_address",
            )
        }
        self.captions = {key: QLabel(self) for key in (*self.errors, "channel")}

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)

        def block(key: str, widget: QWidget) -> QWidget:
            return field_block(self, self.captions[key], widget, self.errors.get(key))

        grid.addWidget(block("name", self.name), 0, 0)
        grid.addWidget(block("id_number", self.id_number), 0, 1)
        grid.addWidget(block("phone", self.phone), 0, 2)
        grid.addWidget(block("address", self.address), 1, 0, 1, 2)
        grid.addWidget(block("email", self.email), 1, 2)
        grid.addWidget(self.owner_differs, 2, 0, 1, 2, Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(block("channel", self.channel), 2, 2)
        self.owner_box = QWidget(self)
        owner_grid = QGridLayout(self.owner_box)
        owner_grid.setContentsMargins(24, 0, 0, 0)
        owner_grid.setHorizontalSpacing(16)
        owner_grid.addWidget(block("owner_name", self.owner_name), 0, 0)
        owner_grid.addWidget(block("owner_address", self.owner_address), 0, 1)
        owner_grid.setColumnStretch(0, 2)
        owner_grid.setColumnStretch(1, 3)
        grid.addWidget(self.owner_box, 3, 0, 1, 3)
        self.owner_box.hide()

        self.owner_differs.toggled.connect(self._on_owner_toggled)
        self.id_number.textChanged.connect(self._on_id_changed)
        self.id_number.editingFinished.connect(self.check_id_number)
        for edit in (
            self.name,
            self.phone,
            self.address,
            self.email,
            self.owner_name,
            self.owner_address,
        ):
            edit.textChanged.connect(self.changed)
        self.channel.currentIndexChanged.connect(self.changed)
        self.retranslate_ui()

    # -- values ---------------------------------------------------------------

    def applicant(self) -> Applicant:
        return Applicant(
            name=self.name.text().strip(),
            id_number=self.id_number.text().strip(),
            phone=self.phone.text().strip(),
            address=self.address.text().strip(),
            email=self.email.text().strip(),
        )

    def selected_channel(self) -> Channel:
        return Channel(self.channel.currentData())

    def owner(self) -> tuple[str, str]:
        if not self.owner_differs.isChecked():
            return "", ""
        return self.owner_name.text().strip(), self.owner_address.text().strip()

    def has_data(self) -> bool:
        return any(
            w.text().strip()
            for w in (
                self.name,
                self.id_number,
                self.phone,
                self.address,
                self.email,
                self.owner_name,
            )
        )

    def to_dict(self) -> dict:
        a = self.applicant()
        return {
            "name": a.name,
            "id_number": a.id_number,
            "phone": a.phone,
            "address": a.address,
            "email": a.email,
            "owner_differs": self.owner_differs.isChecked(),
            "owner_name": self.owner_name.text(),
            "owner_address": self.owner_address.text(),
            "channel": int(self.selected_channel()),
        }

    def load_dict(self, data: dict) -> None:
        for key in (
            "name",
            "id_number",
            "phone",
            "address",
            "email",
            "owner_name",
            "owner_address",
        ):
            getattr(self, key).setText(str(data.get(key, "")))
        self.owner_differs.setChecked(bool(data.get("owner_differs")))
        index = self.channel.findData(int(data.get("channel", Channel.IN_PERSON)))
        self.channel.setCurrentIndex(max(index, 0))

    def clear(self) -> None:
        self.load_dict({})
        self.clear_errors()

    # -- messages ------------------------------------------------------------

    def set_error(self, field: str, message: str) -> bool:
        """Show ``message`` under ``field``; False if this form has no such field."""
        label = self.errors.get(field)
        if label is None:
            return False
        label.setText(message)
        label.setVisible(bool(message))
        if field in ("owner_name", "owner_address") and message:
            self.owner_differs.setChecked(True)
        return True

    def clear_errors(self) -> None:
        for field in self.errors:
            self.set_error(field, "")

    def field_widget(self, field: str) -> QWidget | None:
        return getattr(self, field, None) if field in self.errors else None

    def check_id_number(self) -> bool:
        """Validate the ID number now; an empty one is left to the service's rules."""
        text = self.id_number.text().strip()
        if not text:
            self.set_error("id_number", "")
            return True
        try:
            validate_id_number(text)
        except MotcuaError as exc:
            self.set_error("id_number", exc.message)
            return False
        self.set_error("id_number", "")
        return True

    def _on_id_changed(self, text: str) -> None:
        digits = text.strip()
        # Judge while typing only once the number is complete, so a half-typed
        # number is not shouted at; editingFinished judges the rest.
        if len(digits) >= 12 or not self.errors["id_number"].isHidden():
            self.check_id_number()
        self.changed.emit()

    def _on_owner_toggled(self, checked: bool) -> None:
        self.owner_box.setVisible(checked)
        if checked and self.owner_differs.hasFocus():
            self.owner_name.setFocus()
        self.changed.emit()

    def retranslate_ui(self) -> None:
        texts = {
            "name": _("&Full name of the applicant *"),
            "id_number": _("&ID number (CCCD / CMND / passport)"),
            "phone": _("P&hone"),
            "address": _("A&ddress"),
            "email": _("Email (optional)"),
            "owner_name": _("Owner's full name"),
            "owner_address": _("Owner's address"),
            "channel": _("Cha&nnel"),
        }
        for key, text in texts.items():
            self.captions[key].setText(text)
        self.owner_differs.setText(_("The dossier &owner is not the applicant"))
        self.id_number.setPlaceholderText(_("12 digits"))
        current = self.channel.currentData()
        self.channel.blockSignals(True)
        self.channel.clear()
        for channel, label in CHANNEL_LABELS:
            self.channel.addItem(_(label), int(channel))
        self.channel.setCurrentIndex(max(self.channel.findData(current), 0))
        self.channel.blockSignals(False)
        self.id_number.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
