"""The small dialogs that take the inputs of one dossier action (start, hand over, return…)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.dossier import ResultDelivery
from motcua_desktop.i18n import _, format_ui_datetime

# The default extension, in working days, when the procedure gives no better hint.
DEFAULT_EXTRA_DAYS = 3


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def plain_text_edit(parent: QWidget, text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text, parent)
    edit.setTabChangesFocus(True)  # Tab leaves the box; Ctrl+Enter confirms the dialog
    edit.setMinimumHeight(70)
    edit.setMaximumHeight(120)
    return edit


class ActionDialog(QDialog):
    """A form with OK/Cancel; Enter in a line and Ctrl+Enter anywhere confirm, Esc cancels.

    Subclasses add rows with ``add_row``, return an error message from
    ``problem()`` and the service keyword arguments from ``values()``.
    """

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.intro = QLabel(intro, self, wordWrap=True, objectName="actionIntro")
        self.intro.setVisible(bool(intro))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = QLabel(self, objectName="fieldError", wordWrap=True)
        self.error.setStyleSheet("color: #a4161a; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Confirm (Ctrl+Enter)"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel (Esc)"))
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.confirm)

    def add_row(self, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(label, widget)
        return widget

    def problem(self) -> str | None:
        return None

    def values(self) -> dict:
        return {}

    def confirm(self) -> None:
        message = self.problem()
        if message:
            self.error.setText(message)
            self.error.show()
            return
        self.accept()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        first = self.first_field()
        if first is not None:
            first.setFocus()

    def first_field(self) -> QWidget | None:
        item = self.form.itemAt(0, QFormLayout.ItemRole.FieldRole)
        return item.widget() if item is not None else None


class NoteDialog(ActionDialog):
    """A confirmation with an optional note (await payment, finish) or a required reason."""

    def __init__(
        self, title: str, intro: str, label: str, *, required: bool, parent=None, key="note"
    ) -> None:
        super().__init__(title, intro, parent)
        self.required = required
        self.key = key
        self.text = self.add_row(label, plain_text_edit(self))

    def problem(self) -> str | None:
        if self.required and not self.text.toPlainText().strip():
            return _("Write the reason.")
        return None

    def values(self) -> dict:
        return {self.key: self.text.toPlainText().strip()}


class ConfirmDialog(ActionDialog):
    """Just a question (resubmit, payment received)."""

    def first_field(self) -> QWidget | None:
        return self.ok_button


def user_label(user) -> str:
    return f"{user.full_name or user.username} ({user.username})"


class StartProcessingDialog(ActionDialog):
    """Who handles the dossier, in which unit, with which co-handling units."""

    def __init__(self, users, me, unit: str, parent=None) -> None:
        super().__init__(_("Start processing"), "", parent)
        self.handler = self.add_row(_("Handling official"), QComboBox(self))
        for user in users:
            self.handler.addItem(user_label(user), user.username)
        index = self.handler.findData(me.username)
        self.handler.setCurrentIndex(max(index, 0))
        self.unit = self.add_row(_("Handling unit"), QLineEdit(unit, self))
        self.co_units = self.add_row(_("Co-handling units"), QLineEdit(self))
        self.co_units.setPlaceholderText(_("separated by commas"))
        self.note = self.add_row(_("Note"), QLineEdit(self))

    def values(self) -> dict:
        co = [part.strip() for part in self.co_units.text().split(",") if part.strip()]
        return {
            "handler": self.handler.currentData(),
            "unit": self.unit.text().strip(),
            "co_units": tuple(co),
            "note": self.note.text().strip(),
        }


class HandOverDialog(ActionDialog):
    """Pass the file to the next official (form 06 keeps one row per hand-over)."""

    def __init__(self, users, unit: str, parent=None) -> None:
        super().__init__(_("Hand over"), "", parent)
        self.users = {u.full_name or u.username: u.username for u in users}
        self.to_name = self.add_row(_("To (official)"), QComboBox(self))
        self.to_name.setEditable(True)
        self.to_name.addItems(list(self.users))
        self.to_name.setCurrentIndex(-1)
        self.to_name.lineEdit().setPlaceholderText(_("a user, or any name"))
        self.to_unit = self.add_row(_("To unit"), QLineEdit(unit, self))
        self.note = self.add_row(_("Note"), QLineEdit(self))

    def problem(self) -> str | None:
        if not self.to_name.currentText().strip():
            return _("Say to whom the dossier is handed over.")
        return None

    def values(self) -> dict:
        name = self.to_name.currentText().strip()
        return {
            "to_name": name,
            "to_username": self.users.get(name),
            "to_unit": self.to_unit.text().strip(),
            "note": self.note.text().strip(),
        }


class SupplementDialog(ActionDialog):
    """Tick the components to add, give the reason and whom to contact (form 02)."""

    def __init__(self, components, contact_name: str, contact_phone: str, parent=None) -> None:
        super().__init__(_("Request a supplement"), "", parent)
        self.components = self.add_row(_("Components to add"), QListWidget(self))
        for component in components:
            item = QListWidgetItem(component.name, self.components)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = component.missing
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.components.setMaximumHeight(150)
        self.components.setCurrentRow(0)
        self.other = self.add_row(_("Other component"), QLineEdit(self))
        self.other.setPlaceholderText(_("anything not in the list"))
        self.reason = self.add_row(_("Reason"), plain_text_edit(self))
        self.contact_name = self.add_row(_("Contact official"), QLineEdit(contact_name, self))
        self.contact_phone = self.add_row(_("Contact phone"), QLineEdit(contact_phone, self))
        self.intro.setText(_("Space ticks a component. One supplement request is allowed."))
        self.intro.show()

    def missing(self) -> list[str]:
        names = [
            self.components.item(i).text()
            for i in range(self.components.count())
            if self.components.item(i).checkState() == Qt.CheckState.Checked
        ]
        if self.other.text().strip():
            names.append(self.other.text().strip())
        return names

    def problem(self) -> str | None:
        if not self.missing():
            return _("Tick at least one component to add.")
        return None

    def values(self) -> dict:
        missing = self.missing()
        reason = self.reason.toPlainText().strip()
        if not reason:  # printed on the legal slip, so in Vietnamese whatever the UI language
            reason = "\n".join(
                ["Hồ sơ cần bổ sung các thành phần sau:"] + [f"- {n}" for n in missing]
            )
        return {
            "missing": missing,
            "reason": reason,
            "contact_name": self.contact_name.text().strip(),
            "contact_phone": self.contact_phone.text().strip(),
        }


class ReturnResultDialog(ActionDialog):
    """The result handed back: at the desk (who, ID checked) or by post (tracking, date sent)."""

    def __init__(self, record, now: datetime, parent=None) -> None:
        super().__init__(_("Return the result"), "", parent)
        self.desk = QRadioButton(_("At the &desk"), self)
        self.post = QRadioButton(_("By &post"), self)
        group = QButtonGroup(self)
        group.addButton(self.desk)
        group.addButton(self.post)
        self.add_row(_("How"), self.desk)
        self.form.addRow("", self.post)
        self.collected_by = self.add_row(_("Collected by"), QLineEdit(record.applicant.name, self))
        self.id_checked = QCheckBox(_("ID document checked"), self)
        self.form.addRow("", self.id_checked)
        self.tracking = self.add_row(_("Tracking number"), QLineEdit(self))
        self.sent_at = self.add_row(_("Date sent"), QDateTimeEdit(to_qdatetime(now), self))
        self.sent_at.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.sent_at.setCalendarPopup(True)
        # Not a service input: the dossier view offers the evaluation after the return.
        self.evaluate_now = QCheckBox(_("Then &evaluate the dossier with the citizen"), self)
        self.evaluate_now.setObjectName("evaluateNow")
        self.evaluate_now.setChecked(True)
        self.form.addRow("", self.evaluate_now)
        by_post = record.result_delivery == ResultDelivery.POST
        (self.post if by_post else self.desk).setChecked(True)
        self.desk.toggled.connect(self._update)
        self._update()

    def first_field(self) -> QWidget | None:
        return self.collected_by if self.desk.isChecked() else self.tracking

    def _update(self) -> None:
        desk = self.desk.isChecked()
        for widget in (self.collected_by, self.id_checked):
            widget.setEnabled(desk)
        for widget in (self.tracking, self.sent_at):
            widget.setEnabled(not desk)
        self.evaluate_now.setEnabled(desk)  # the citizen is at the desk only then

    def wants_evaluation(self) -> bool:
        return self.desk.isChecked() and self.evaluate_now.isChecked()

    def problem(self) -> str | None:
        if self.desk.isChecked() and not self.collected_by.text().strip():
            return _("Write who collected the result.")
        if self.post.isChecked() and not self.tracking.text().strip():
            return _("Write the postal tracking number.")
        return None

    def values(self) -> dict:
        if self.desk.isChecked():
            return {
                "method": ResultDelivery.DESK,
                "collected_by": self.collected_by.text().strip(),
                "id_checked": self.id_checked.isChecked(),
            }
        return {
            "method": ResultDelivery.POST,
            "post_tracking": self.tracking.text().strip(),
            "at": from_qdatetime(self.sent_at.dateTime()),
        }


class ExtendDialog(ActionDialog):
    """Apology and new appointment (form 04): the original and the new due time are both kept."""

    def __init__(self, record, calendar, original_due, now: datetime, parent=None) -> None:
        super().__init__(_("Apologise and extend"), "", parent)
        self.calendar = calendar
        self.current_due = record.due_at or now
        # Extend from the later of the current appointment and now: a late dossier
        # needs time from today, not from a moment already past.
        self.base = max(self.current_due, now)
        self.original_label = self.add_row(_("Original due"), QLabel(self))
        self.original_label.setText(format_ui_datetime(original_due or self.current_due))
        self.current_label = self.add_row(_("Current due"), QLabel(self))
        self.current_label.setText(format_ui_datetime(self.current_due))
        self.extra_days = self.add_row(_("Extra working days"), QSpinBox(self))
        self.extra_days.setRange(1, 60)
        self.new_due = self.add_row(_("New due"), QDateTimeEdit(self))
        self.new_due.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.new_due.setCalendarPopup(True)
        self.reason = self.add_row(_("Reason"), plain_text_edit(self))
        self.extra_days.valueChanged.connect(self._suggest)
        self.extra_days.setValue(DEFAULT_EXTRA_DAYS)
        self._suggest()
        self.intro.setText(
            _("The new due falls on working time; change it if the handling official needs more.")
        )
        self.intro.show()

    def suggested_due(self, days: int) -> datetime:
        if self.calendar is None:
            return self.base + timedelta(days=days)
        h = self.calendar.hours
        day = self.base.date()
        working_day = (
            datetime.combine(day, h.morning_end)
            - datetime.combine(day, h.morning_start)
            + datetime.combine(day, h.afternoon_end)
            - datetime.combine(day, h.afternoon_start)
        )
        return self.calendar.add_working_time(self.base, working_day * days)

    def _suggest(self, *_args) -> None:
        self.new_due.setDateTime(to_qdatetime(self.suggested_due(self.extra_days.value())))

    def first_field(self) -> QWidget | None:
        return self.reason

    def new_due_at(self) -> datetime:
        return from_qdatetime(self.new_due.dateTime())

    def problem(self) -> str | None:
        if self.new_due_at() <= self.current_due:
            return _("The new due must be later than the current one.")
        if not self.reason.toPlainText().strip():
            return _("Write the reason for the delay.")
        return None

    def values(self) -> dict:
        return {"new_due_at": self.new_due_at(), "reason": self.reason.toPlainText().strip()}
