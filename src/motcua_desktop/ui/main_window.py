"""The main window: navigation between Home, Intake, Dossiers, Catalogue, Settings, Sync, Dashboard and Reports."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import _
from motcua_desktop.services import setup as setup_service
from motcua_desktop.services.permissions import role_label
from motcua_desktop.ui.idle_lock import IdleLock
from motcua_desktop.ui.language import translate_ui
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.password_dialog import ChangePasswordDialog
from motcua_desktop.ui.stick_watcher import StickWatcher
from motcua_desktop.ui.sync_page import StickBanner

PAGE_HOME, PAGE_INTAKE, PAGE_DOSSIERS, PAGE_CATALOGUE, PAGE_SETTINGS, PAGE_SYNC = range(6)
PAGE_DASHBOARD, PAGE_REPORTS = 6, 7  # after the daily pages, so Alt+1..6 keep their places
PAGE_SURVEYS, PAGE_QUALITY = 8, 9  # Alt+9 and Alt+0
# (module, class) of each page in navigation order; the modules are imported when the
# page is first shown, which keeps them off the start-up path. Intake has its own maker.
PAGE_CLASSES = (
    ("motcua_desktop.ui.home_page", "HomePage"),
    (None, None),
    ("motcua_desktop.ui.dossier_list_page", "DossierListPage"),
    ("motcua_desktop.ui.catalogue_page", "CataloguePage"),
    ("motcua_desktop.ui.settings_page", "SettingsPage"),
    ("motcua_desktop.ui.sync_page", "SyncPage"),
    ("motcua_desktop.ui.dashboard_page", "DashboardPage"),
    ("motcua_desktop.ui.reports_page", "ReportsPage"),
    ("motcua_desktop.ui.surveys_page", "SurveysPage"),
    ("motcua_desktop.ui.quality_page", "QualityPage"),
)
STICK_WATCH_DELAY_MS = 1000
NAV_STYLE = """
QListWidget#navigation { font-size: 11pt; padding-top: 6px; }
QListWidget#navigation::item { padding: 9px 12px; }
"""


def make_intake_page(ctx, user, runner: OpRunner) -> QWidget:
    """The other team's intake page, or a placeholder until it exists.

    A district installation (``local_state.mode == "district"``) gets the
    district's page in this place instead.
    """
    from motcua_desktop.services.mode import is_district

    if is_district(ctx):
        from motcua_desktop.ui.district_page import DistrictPage

        return DistrictPage(ctx, user, runner)
    try:
        from motcua_desktop.ui.intake import IntakePage
    except ImportError:
        label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("intake_placeholder")
        label.retranslate_ui = lambda: label.setText(_("The intake screen is not installed yet."))
        label.retranslate_ui()
        return label
    return IntakePage(ctx, user, runner)


def _find_mailboxes():
    """The stick watcher's finder, importing the sync stack on the pool thread when first used."""
    from motcua_desktop.services.sync_commune import find_mailboxes

    return find_mailboxes()


def _page_attribute(index: int) -> property:
    """``window.dossiers`` etc.: the page, built now if it has not been shown yet."""
    return property(lambda self: self.page(index))


class MainWindow(QMainWindow):
    """The desk's main window for one logged-in user.

    Each page is built the first time it is shown (or asked for): start-up builds
    only the first page, the stack holds an empty placeholder for the others.
    """

    logged_out = Signal()  # "Switch user": ui/app closes this window and shows the login

    home = _page_attribute(PAGE_HOME)
    intake = _page_attribute(PAGE_INTAKE)
    dossiers = _page_attribute(PAGE_DOSSIERS)
    catalogue = _page_attribute(PAGE_CATALOGUE)
    settings = _page_attribute(PAGE_SETTINGS)
    sync = _page_attribute(PAGE_SYNC)
    dashboard = _page_attribute(PAGE_DASHBOARD)
    reports = _page_attribute(PAGE_REPORTS)
    surveys = _page_attribute(PAGE_SURVEYS)
    quality = _page_attribute(PAGE_QUALITY)

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self.profile = None
        runner.parent_widget = self
        self.setObjectName("main_window")
        from motcua_desktop.services.mode import is_district

        self.district = is_district(ctx)

        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(200)
        self.nav.setStyleSheet(NAV_STYLE)
        self.stack = QStackedWidget()
        self._pages: list[QWidget | None] = [None] * len(PAGE_CLASSES)
        for _index in range(len(PAGE_CLASSES)):
            self.stack.addWidget(QWidget(objectName="page_placeholder"))
            self.nav.addItem(QListWidgetItem())
        self.nav.currentRowChanged.connect(self._row_changed)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        # The stick banner sits above the pages: non-modal, the clerk may ignore it.
        self.stick_banner = StickBanner()
        self.stick_banner.exchange_requested.connect(self.exchange_with)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.stick_banner)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        self.idle_lock = IdleLock(ctx, runner, user, self)
        self.idle_lock.switch_user.connect(self.log_out)
        self.password_dialog: ChangePasswordDialog | None = None
        self._build_menus()
        self.page_shortcuts = []
        for index in range(len(PAGE_CLASSES)):
            shortcut = QShortcut(QKeySequence(f"Alt+{(index + 1) % 10}"), self)
            shortcut.activated.connect(lambda i=index: self.show_page(i))
            self.page_shortcuts.append(shortcut)
        self.user_label = QLabel(objectName="status_user")
        self.commune_label = QLabel(objectName="status_commune")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.commune_label)

        runner.changed.connect(self._on_changed)
        self.stick_watcher = StickWatcher(finder=_find_mailboxes, parent=self)
        self.stick_watcher.mailbox_found.connect(self.stick_banner.announce)
        self.stick_watcher.mailbox_gone.connect(self.stick_banner.withdraw)
        # The first look for a stick waits until the window is up: the sync stack it
        # loads (~0.2 s) would otherwise delay the first usable window.
        QTimer.singleShot(
            STICK_WATCH_DELAY_MS, self, lambda: self.stick_watcher.start(announce_present=True)
        )
        self.nav.setCurrentRow(PAGE_INTAKE if self.district else PAGE_HOME)
        translate_ui(self)
        self._restore_geometry()
        self.reload_profile()
        self.idle_lock.reload()

    # -- building -------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.settings_action = QAction(self, triggered=lambda: self.show_page(PAGE_SETTINGS))
        self.quit_action = QAction(self, triggered=self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        # Ctrl+Shift+P is the Quality page's self-assessment: "M" for "mật khẩu" instead.
        self.password_action = QAction(self, triggered=self.change_password)
        self.password_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.lock_action = QAction(self, triggered=self.idle_lock.lock)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_user_action = QAction(self, triggered=self.log_out)
        for action in (self.password_action, self.lock_action, self.switch_user_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.dossier_menu = bar.addMenu("")
        self.new_intake_action = QAction(self, triggered=self.new_intake)
        self.new_intake_action.setShortcut(QKeySequence("Ctrl+N"))
        self.catalogue_action = QAction(self, triggered=lambda: self.show_page(PAGE_CATALOGUE))
        self.reports_action = QAction(self, triggered=lambda: self.show_page(PAGE_REPORTS))
        self.reports_action.setShortcut(QKeySequence("Ctrl+R"))
        self.dashboard_action = QAction(self, triggered=lambda: self.show_page(PAGE_DASHBOARD))
        self.find_action = QAction(self, triggered=self.find_dossier)
        self.find_action.setShortcuts([QKeySequence("F3"), QKeySequence("Ctrl+F")])
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.dossier_menu.addAction(self.new_intake_action)
        self.dossier_menu.addAction(self.find_action)
        self.dossier_menu.addAction(self.catalogue_action)
        self.dossier_menu.addSeparator()
        self.dossier_menu.addAction(self.dashboard_action)
        self.dossier_menu.addAction(self.reports_action)

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self, triggered=self.show_about)
        self.about_action.setShortcut(QKeySequence("F1"))
        self.help_menu.addAction(self.about_action)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("One-stop desk") + " — motcua-desktop")
        names = (
            _("&Home"), _("&Intake"), _("&Dossiers"), _("&Catalogue"), _("&Settings"), _("S&ync"),
            _("Dash&board"), _("&Reports"), _("Sur&veys"), _("&Quality (ISO)"),
        )  # fmt: skip
        if self.district:
            names = (names[0], _("&Communes"), *names[2:])
        for index, name in enumerate(names):
            self.nav.item(index).setText(name.replace("&", ""))
            self.nav.item(index).setToolTip(_("Alt+{n}").format(n=(index + 1) % 10))
        self.file_menu.setTitle(_("&File"))
        self.settings_action.setText(_("&Settings"))
        self.password_action.setText(_("Change my &password…"))
        self.lock_action.setText(_("&Lock now"))
        self.switch_user_action.setText(_("S&witch user"))
        self.quit_action.setText(_("&Quit"))
        self.dossier_menu.setTitle(_("&Dossier"))
        self.new_intake_action.setText(_("&New intake"))
        self.find_action.setText(_("&Find a dossier…"))
        self.catalogue_action.setText(_("Procedure &catalogue"))
        self.dashboard_action.setText(_("Dash&board"))
        self.reports_action.setText(_("&Reports"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About"))
        role = role_label(self.user.role)
        self.user_label.setText(
            _("User: {name} ({role})").format(
                name=self.user.full_name or self.user.username, role=role
            )
        )
        self.commune_label.setText(self.profile.commune_name if self.profile else "")
        self.stick_banner.retranslate_ui()
        for page in self.built_pages():
            retranslate = getattr(page, "retranslate_ui", None)
            if callable(retranslate):
                retranslate()

    # -- pages, built when first needed ------------------------------------------

    def page(self, index: int) -> QWidget:
        """The page at ``index``, built and put in the stack the first time it is asked for."""
        page = self._pages[index]
        if page is None:
            page = self._build_page(index)
            self._pages[index] = page
            placeholder = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
        return page

    def is_built(self, index: int) -> bool:
        return self._pages[index] is not None

    def built_pages(self) -> list[QWidget]:
        return [page for page in self._pages if page is not None]

    def _build_page(self, index: int) -> QWidget:
        if index == PAGE_INTAKE:
            return make_intake_page(self.ctx, self.user, self.runner)
        module_name, class_name = PAGE_CLASSES[index]
        page_class = getattr(importlib.import_module(module_name), class_name)
        page = page_class(self.ctx, self.user, self.runner)
        if index == PAGE_HOME:
            page.open_list.connect(self.show_dossier_list)
            if self.profile is not None:
                page.commune_name = self.profile.commune_name
                page.retranslate_ui()
        elif index == PAGE_DOSSIERS:
            page.open_dossier.connect(self.open_dossier)
        return page

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.page(row)
            self.stack.setCurrentIndex(row)

    # -- actions --------------------------------------------------------------

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)
        page = self.page(index)
        focus = getattr(page, "focus_first", None)
        if callable(focus):
            focus()
        else:
            page.setFocus()

    def current_page(self) -> int:
        return self.stack.currentIndex()

    def new_intake(self) -> None:
        self.show_page(PAGE_INTAKE)
        start = getattr(self.intake, "new_intake", None)
        if callable(start):
            start()

    def find_dossier(self) -> None:
        """F3 / Ctrl+F from anywhere: the dossier list with the search box ready for typing."""
        self.show_page(PAGE_DOSSIERS)
        self.dossiers.focus_search()

    def show_dossier_list(self, dossier_filter) -> None:
        """A home tile's list: the dossier page showing exactly that filter."""
        self.show_page(PAGE_DOSSIERS)
        self.dossiers.show_filter(dossier_filter)
        self.dossiers.table.setFocus()

    def open_dossier(self, code: str) -> None:
        """Show one dossier in its own window (reused when it is already open)."""
        from motcua_desktop.ui.dossier_view import open_dossier_view

        open_dossier_view(self, self.ctx, self.user, self.runner, code)

    def exchange_with(self, folder: str) -> None:
        """The banner's "Exchange now": the Sync page runs the exchange with that stick."""
        self.show_page(PAGE_SYNC)
        self.sync.exchange_with(folder)

    def show_about(self) -> None:
        from motcua_desktop.ui.about_dialog import show_about

        self.about_dialog = show_about(self, self.ctx, self.runner)

    def reload_profile(self) -> None:
        self.runner.run(setup_service.get_profile, self.ctx, on_success=self._profile_loaded)

    def _profile_loaded(self, profile) -> None:
        self.profile = profile
        name = profile.commune_name if profile else ""
        self.commune_label.setText(name)
        if self.is_built(PAGE_HOME):
            self.home.commune_name = name
            self.home.retranslate_ui()

    def _on_changed(self, tag: str) -> None:
        if tag == "profile":
            self.reload_profile()
        elif tag == "idle_lock":
            self.idle_lock.reload()

    # -- the account ------------------------------------------------------------

    def change_password(self) -> None:
        """Ctrl+Shift+M: the user's own password (the current one, the new one twice)."""
        if self.password_dialog is not None:
            self.password_dialog.raise_()
            return
        dialog = ChangePasswordDialog(self.ctx, self.runner, self.user, parent=self)
        self.password_dialog = dialog
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage(_("Your password was changed."), 8000)
        )
        dialog.finished.connect(lambda _r: self._password_dialog_closed(dialog))
        dialog.open()

    def _password_dialog_closed(self, dialog) -> None:
        self.password_dialog = None
        dialog.deleteLater()

    def log_out(self) -> None:
        """Keep every open draft, close this window and hand over to a new login (ui/app)."""
        from motcua_desktop.ui.crash import save_open_drafts

        save_open_drafts()
        self.logged_out.emit()

    # -- geometry (QSettings only for this) ------------------------------------

    def _ui_settings(self) -> QSettings:
        return QSettings(str(self.ctx.data_dir / "ui.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._ui_settings().value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        settings = self._ui_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
