"""The first-run wizard: commune, leaders, desk settings and the first administrator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.i18n import _, current_language
from motcua_desktop.services import provisioning as provisioning_service
from motcua_desktop.services import setup as setup_service
from motcua_desktop.services import users as users_service
from motcua_desktop.ui.errors import show_error
from motcua_desktop.ui.language import switch_language, translate_ui
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.profile_forms import (
    CommuneForm,
    DeskForm,
    LeadersTable,
    build_profile,
    error_label,
    set_error,
)

MIN_PASSWORD = users_service.MIN_PASSWORD  # the service checks the other rules


class _FormPage(QWizardPage):
    """A wizard page holding one form whose ``validate()`` decides whether Next works."""

    def __init__(self, form: QWidget) -> None:
        super().__init__()
        self.form = form
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addStretch(1)

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        return self.form.validate()


class AdminForm(QWidget):
    """The first administrator account: user name, full name, password twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = QLineEdit(objectName="username")
        self.full_name = QLineEdit(objectName="full_name")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit(objectName="password2", echoMode=QLineEdit.EchoMode.Password)
        self.edits = {
            "username": self.username,
            "full_name": self.full_name,
            "password": self.password,
            "password2": self.password2,
        }
        self.errors = {name: error_label() for name in self.edits}
        self.labels = {name: QLabel() for name in self.edits}
        form = QFormLayout(self)
        for name, edit in self.edits.items():
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(self.errors[name])
            self.labels[name].setBuddy(edit)
            form.addRow(self.labels[name], box)
            edit.textEdited.connect(lambda _t, n=name: set_error(self.errors[n], ""))
        self.general_error = error_label()
        form.addRow(self.general_error)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.labels["username"].setText(_("&User name:"))
        self.labels["full_name"].setText(_("&Full name:"))
        self.labels["password"].setText(_("&Password:"))
        self.labels["password2"].setText(_("Password a&gain:"))
        self.password.setPlaceholderText(_("at least {n} characters").format(n=MIN_PASSWORD))

    def validate(self) -> bool:
        for label in (*self.errors.values(), self.general_error):
            set_error(label, "")
        bad: list[str] = []
        if not self.username.text().strip():
            set_error(self.errors["username"], _("Enter a user name."))
            bad.append("username")
        if not self.full_name.text().strip():
            set_error(self.errors["full_name"], _("Enter the administrator's full name."))
            bad.append("full_name")
        if len(self.password.text()) < MIN_PASSWORD:
            set_error(
                self.errors["password"],
                _("The password needs at least {n} characters.").format(n=MIN_PASSWORD),
            )
            bad.append("password")
        elif self.password.text() != self.password2.text():
            set_error(self.errors["password2"], _("The two passwords differ."))
            bad.append("password2")
        if bad:
            self.edits[bad[0]].setFocus()
        return not bad

    def show_field_error(self, field: str | None, message: str) -> None:
        if field in self.errors:
            set_error(self.errors[field], message)
            self.edits[field].setFocus()
        else:
            set_error(self.general_error, message)


class BundledFileBanner(QFrame):
    """Offers the district's provisioning file found next to the program (first page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="bundled_provisioning")
        self.path = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#bundled_provisioning { background: #fff8e1; }")
        self.text = QLabel(wordWrap=True)
        self.use_button = QPushButton(objectName="use_bundled_file")
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.use_button)
        self.hide()

    def offer(self, path) -> None:
        self.path = str(path)
        self.retranslate_ui()
        self.show()

    def retranslate_ui(self) -> None:
        self.text.setText(
            _(
                "The district's provisioning file is next to the program: {name}. "
                "Setting up from it fills the commune's details for you."
            ).format(name=Path(self.path).name)
        )
        self.use_button.setText(_("Use the &district's file…"))


class SetupWizard(QWizard):
    """First run: fills the commune profile and creates the first administrator."""

    def __init__(
        self, ctx, runner: OpRunner, parent: QWidget | None = None, *, admin_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # The profile came from the district's provisioning file: only the admin page shows.
        self.admin_only = admin_only
        self.runner = runner
        self.created_user = None
        self._saving = False
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.commune = CommuneForm()
        self.leaders = LeadersTable()
        self.desk = DeskForm()
        self.admin = AdminForm()
        self.pages = [_FormPage(f) for f in (self.commune, self.leaders, self.desk, self.admin)]
        for page in self.pages[-1:] if admin_only else self.pages:
            self.addPage(page)
        # First run of an installation that came with the district's file: offer it.
        self.bundled = BundledFileBanner()
        self.bundled.use_button.clicked.connect(self.use_bundled_file)
        self.pages[0].layout().insertWidget(0, self.bundled)
        self.provisioning_dialog = None
        if not admin_only:
            runner.run(provisioning_service.bundled_provisioning_file, on_success=self._offer)
        self.desk.language.setCurrentIndex(max(self.desk.language.findData(current_language()), 0))
        self.desk.language.currentIndexChanged.connect(
            lambda _i: switch_language(self.desk.language.currentData())
        )
        self.resize(680, 520)
        translate_ui(self)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Set up the one-stop desk"))
        titles = (
            (_("Your commune"), _("How the commune appears on receipts and reports.")),
            (_("Leaders"), _("Who signs documents. You can change this later in Settings.")),
            (_("The desk"), _("Opening hours count towards deadlines; slips print on this paper.")),
            (_("Administrator"), _("The first account; it can add clerks later.")),
        )
        for page, (title, subtitle) in zip(self.pages, titles, strict=True):
            page.setTitle(title)
            page.setSubTitle(subtitle)
        for form in (self.commune, self.leaders, self.desk, self.admin, self.bundled):
            form.retranslate_ui()
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))

    def _offer(self, path) -> None:
        if path is not None and not self.admin_only:
            self.bundled.offer(path)

    def use_bundled_file(self) -> None:
        """Check and accept the file in the provisioning dialog, then only the admin is left."""
        from motcua_desktop.ui.provisioning_dialog import ProvisioningDialog

        dialog = ProvisioningDialog(self.ctx, self.runner, self, path=self.bundled.path)
        dialog.finished.connect(self._provisioning_finished)
        self.provisioning_dialog = dialog
        dialog.open()

    def _provisioning_finished(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        self.admin_only = True
        self.bundled.hide()
        admin_page = self.pages[-1]
        for page_id in self.pageIds():
            if self.page(page_id) is not admin_page:
                self.removePage(page_id)
        self.restart()
        # Take the keyboard back from the closed dialog: the clerk types the user name at once.
        self.activateWindow()
        QTimer.singleShot(0, self.admin.username.setFocus)

    def profile(self):
        return build_profile(self.commune.values(), self.leaders.signatories(), self.desk.values())

    def accept(self) -> None:
        """Finish: save the profile and create the administrator on the worker."""
        if self._saving or not self.admin.validate():
            return
        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.runner.run(
            _save_setup,
            self.ctx,
            None if self.admin_only else self.profile(),
            self.admin.username.text().strip(),
            self.admin.full_name.text().strip(),
            self.admin.password.text(),
            on_success=self._saved,
            on_error=self._failed,
            progress_label=_("Saving the commune's settings…"),
            changes="profile",
        )

    def _saved(self, user) -> None:
        self._saving = False
        self.created_user = user
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if not isinstance(exc, MotcuaError):
            show_error(self, exc)
            return
        # A profile error belongs on the first pages; go back and show it there.
        for index, form in enumerate((self.commune, self.leaders, self.desk)):
            shower = getattr(form, "show_field_error", None)
            if shower and shower(exc.field, exc.message):
                while self.currentId() > index:
                    self.back()
                return
        self.admin.show_field_error(exc.field, exc.message)


def _save_setup(ctx, profile, username: str, full_name: str, password: str):
    """Runs on the worker: the profile first (saving it twice is harmless), then the admin."""
    if profile is not None:
        setup_service.save_profile(ctx, profile, None)
    return users_service.create_user(ctx, username, full_name, password, role="admin")
