"""The Settings page: the commune profile, leaders, desk, language and the local calendar."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _, current_language
from motcua_desktop.services import settings as settings_service
from motcua_desktop.services import setup as setup_service
from motcua_desktop.services.permissions import can
from motcua_desktop.ui.backup_panel import BackupPanel
from motcua_desktop.ui.calendar_panel import CalendarPanel
from motcua_desktop.ui.errors import show_error
from motcua_desktop.ui.idle_lock_setting import IdleLockSetting
from motcua_desktop.ui.language import switch_language
from motcua_desktop.ui.profile_forms import (
    CommuneForm,
    DeskForm,
    LeadersTable,
    build_profile,
    error_label,
    set_error,
)
from motcua_desktop.ui.retention_setting import RetentionSetting
from motcua_desktop.ui.users_panel import UsersPanel

# The profile service saves only for Permission.SETTINGS (services/setup.save_profile).


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class SettingsPage(QWidget):
    """Edits what the wizard set up; read-only for users who may not change it."""

    def __init__(self, ctx, user, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self.can_edit = can(user, Permission.SETTINGS)
        self.profile = None
        self.saves = 0  # finished saves (tests wait on it)

        self.commune = CommuneForm()
        self.leaders = LeadersTable()
        self.desk = DeskForm()
        self.calendar = CalendarPanel(ctx, user, runner)
        self.backups = BackupPanel(ctx, user, runner)
        self.backups.restored.connect(self._restored)
        self.tabs = QTabWidget(objectName="settings_tabs")
        self.tabs.addTab(_scrolled(self.commune), "")
        self.tabs.addTab(self.leaders, "")
        # The idle lock has its own Apply: a leader may set it, the profile is the admin's.
        self.idle_lock = IdleLockSetting(ctx, user, runner)
        desk_tab = QWidget()
        desk_layout = QVBoxLayout(desk_tab)
        desk_layout.addWidget(self.desk)
        desk_layout.addWidget(self.idle_lock)
        self.retention = RetentionSetting(ctx, user, runner)
        desk_layout.addWidget(self.retention)
        desk_layout.addStretch(1)
        self.tabs.addTab(_scrolled(desk_tab), "")
        self.tabs.addTab(self.calendar, "")
        self.tabs.addTab(self.backups, "")
        # Accounts: only for whoever may manage them (the services check it again).
        self.users: UsersPanel | None = None
        if can(user, Permission.USERS):
            self.users = UsersPanel(ctx, user, runner)
            self.tabs.addTab(self.users, "")
        for form in (self.commune, self.leaders, self.desk):
            form.set_read_only(not self.can_edit)

        self.read_only_note = QLabel(wordWrap=True)
        self.read_only_note.setVisible(not self.can_edit)
        self.status = QLabel(objectName="settings_status")
        self.error = error_label()
        self.save_button = QPushButton(objectName="save_settings", clicked=self.save)
        self.revert_button = QPushButton(objectName="revert_settings", clicked=self.revert)
        self.save_button.setVisible(self.can_edit)
        self.revert_button.setVisible(self.can_edit)
        self.save_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.desk.language.currentIndexChanged.connect(self._language_chosen)
        # The calendar saves each change at once; Save and Revert are for the profile tabs.
        self.tabs.currentChanged.connect(self._tab_changed)
        self.retranslate_ui()
        self.reload()

    def retranslate_ui(self) -> None:
        titles = (_("&Commune"), _("&Leaders"), _("&Desk"), _("Ca&lendar"), _("&Backups"),
                  _("&Users"))  # fmt: skip
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, titles[index])
        self.read_only_note.setText(
            _(
                "Only a leader or an administrator can change these settings; "
                "you can change the language."
            )
        )
        self.save_button.setText(_("&Save settings"))
        self.revert_button.setText(_("&Revert"))
        for form in (self.commune, self.leaders, self.desk, self.calendar, self.backups,
                     self.idle_lock, self.retention, self.users):  # fmt: skip
            if form is not None:
                form.retranslate_ui()

    def _tab_changed(self, index: int) -> None:
        on_profile = self.tabs.widget(index) not in (self.calendar, self.backups, self.users)
        self.save_button.setVisible(self.can_edit and on_profile)
        self.revert_button.setVisible(self.can_edit and on_profile)

    def _restored(self, _result) -> None:
        """Every screen holds rows of the database just replaced: start again from the login."""
        QMessageBox.information(
            self,
            _("Backup restored"),
            _("The backup was restored. The program closes now; open it again to go on."),
        )
        QApplication.instance().quit()

    def focus_first(self) -> None:
        self.tabs.setFocus()

    # -- loading ------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(setup_service.get_profile, self.ctx, on_success=self._loaded)

    def _loaded(self, profile) -> None:
        self.profile = profile
        if profile is not None:
            self.commune.load(profile)
            self.leaders.load(profile.signatories)
            self.desk.language.blockSignals(True)
            self.desk.load(profile)
            # The combo shows the language in use, which may be this PC's preference.
            self.desk.language.setCurrentIndex(
                max(self.desk.language.findData(current_language()), 0)
            )
            self.desk.language.blockSignals(False)
        self.save_button.setEnabled(self.can_edit and profile is not None)
        set_error(self.error, "")

    def revert(self) -> None:
        self.status.clear()
        self.reload()

    # -- saving -------------------------------------------------------------

    def save(self) -> None:
        if not self.can_edit or self.profile is None:
            return
        set_error(self.error, "")
        self.status.clear()
        checks = [
            (0, self.commune.validate()),
            (1, self.leaders.validate()),
            (2, self.desk.validate()),
        ]
        bad = [tab for tab, ok in checks if not ok]
        if bad:
            self.tabs.setCurrentIndex(bad[0])
            set_error(self.error, _("Please correct the marked fields."))
            return
        profile = build_profile(
            self.commune.values(), self.leaders.signatories(), self.desk.values(), self.profile
        )
        self.save_button.setEnabled(False)
        self.runner.run(
            setup_service.save_profile,
            self.ctx,
            profile,
            self.user,
            on_success=self._saved,
            on_error=self._failed,
            changes="profile",
            progress_label=_("Saving the settings…"),
        )

    def _saved(self, profile) -> None:
        self.save_button.setEnabled(True)
        self.profile = profile
        self.commune.load(profile)
        self.status.setText(_("Settings saved."))
        self.saves += 1

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, MotcuaError):
            show_error(self, exc)
            return
        if self.commune.show_field_error(exc.field, exc.message):
            self.tabs.setCurrentIndex(0)
        set_error(self.error, exc.message)

    # -- language -------------------------------------------------------------

    def _language_chosen(self, _index: int) -> None:
        """Switch the whole program now and remember the choice on this PC."""
        lang = self.desk.language.currentData()
        switch_language(lang)
        self.runner.run(
            settings_service.set_preference,
            self.ctx,
            settings_service.UI_LANGUAGE,
            lang,
            getattr(self.user, "id", None),
        )
