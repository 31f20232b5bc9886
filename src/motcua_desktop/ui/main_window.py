"""The main window: navigation between Home, Intake, Dossiers, Catalogue, Settings, Sync, Dashboard and Reports."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop import __version__
from motcua_desktop.i18n import N_, _
from motcua_desktop.services import setup as setup_service
from motcua_desktop.ui.catalogue_page import CataloguePage
from motcua_desktop.ui.dashboard_page import DashboardPage
from motcua_desktop.ui.dossier_list_page import DossierListPage
from motcua_desktop.ui.home_page import HomePage
from motcua_desktop.ui.language import translate_ui
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.quality_page import QualityPage
from motcua_desktop.ui.reports_page import ReportsPage
from motcua_desktop.ui.settings_page import SettingsPage
from motcua_desktop.ui.stick_watcher import StickWatcher
from motcua_desktop.ui.surveys_page import SurveysPage
from motcua_desktop.ui.sync_page import StickBanner, SyncPage

ROLE_NAMES = {"clerk": N_("Clerk"), "leader": N_("Leader"), "admin": N_("Administrator")}
PAGE_HOME, PAGE_INTAKE, PAGE_DOSSIERS, PAGE_CATALOGUE, PAGE_SETTINGS, PAGE_SYNC = range(6)
PAGE_DASHBOARD, PAGE_REPORTS = 6, 7  # after the daily pages, so Alt+1..6 keep their places
PAGE_SURVEYS, PAGE_QUALITY = 8, 9  # Alt+9 and Alt+0
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


class MainWindow(QMainWindow):
    """The desk's main window for one logged-in user."""

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self.profile = None
        runner.parent_widget = self
        self.setObjectName("main_window")

        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(200)
        self.nav.setStyleSheet(NAV_STYLE)
        self.stack = QStackedWidget()
        self.home = HomePage(ctx, user, runner)
        self.intake = make_intake_page(ctx, user, runner)
        self.dossiers = DossierListPage(ctx, user, runner)
        self.catalogue = CataloguePage(ctx, user, runner)
        self.settings = SettingsPage(ctx, user, runner)
        self.sync = SyncPage(ctx, user, runner)
        self.dashboard = DashboardPage(ctx, user, runner)
        self.reports = ReportsPage(ctx, user, runner)
        self.surveys = SurveysPage(ctx, user, runner)
        self.quality = QualityPage(ctx, user, runner)
        self.pages = (
            self.home, self.intake, self.dossiers, self.catalogue, self.settings, self.sync,
            self.dashboard, self.reports, self.surveys, self.quality,
        )  # fmt: skip
        for page in self.pages:
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem())
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
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

        self._build_menus()
        self.page_shortcuts = []
        for index in range(len(self.pages)):
            shortcut = QShortcut(QKeySequence(f"Alt+{(index + 1) % 10}"), self)
            shortcut.activated.connect(lambda i=index: self.show_page(i))
            self.page_shortcuts.append(shortcut)
        self.home.open_list.connect(self.show_dossier_list)
        self.dossiers.open_dossier.connect(self.open_dossier)
        self.user_label = QLabel(objectName="status_user")
        self.commune_label = QLabel(objectName="status_commune")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.commune_label)

        runner.changed.connect(self._on_changed)
        self.stick_watcher = StickWatcher(parent=self)
        self.stick_watcher.mailbox_found.connect(self.stick_banner.announce)
        self.stick_watcher.mailbox_gone.connect(self.stick_banner.withdraw)
        self.stick_watcher.start(announce_present=True)
        self.nav.setCurrentRow(
            PAGE_INTAKE if getattr(self.intake, "is_district_page", False) else PAGE_HOME
        )
        translate_ui(self)
        self._restore_geometry()
        self.reload_profile()

    # -- building -------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.settings_action = QAction(self, triggered=lambda: self.show_page(PAGE_SETTINGS))
        self.quit_action = QAction(self, triggered=self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.file_menu.addAction(self.settings_action)
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
        if getattr(self.intake, "is_district_page", False):
            names = (names[0], _("&Communes"), *names[2:])
        for index, name in enumerate(names):
            self.nav.item(index).setText(name.replace("&", ""))
            self.nav.item(index).setToolTip(_("Alt+{n}").format(n=(index + 1) % 10))
        self.file_menu.setTitle(_("&File"))
        self.settings_action.setText(_("&Settings"))
        self.quit_action.setText(_("&Quit"))
        self.dossier_menu.setTitle(_("&Dossier"))
        self.new_intake_action.setText(_("&New intake"))
        self.find_action.setText(_("&Find a dossier…"))
        self.catalogue_action.setText(_("Procedure &catalogue"))
        self.dashboard_action.setText(_("Dash&board"))
        self.reports_action.setText(_("&Reports"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About"))
        role = _(ROLE_NAMES.get(self.user.role, self.user.role))
        self.user_label.setText(
            _("User: {name} ({role})").format(
                name=self.user.full_name or self.user.username, role=role
            )
        )
        self.commune_label.setText(self.profile.commune_name if self.profile else "")
        self.stick_banner.retranslate_ui()
        for page in self.pages:
            retranslate = getattr(page, "retranslate_ui", None)
            if callable(retranslate):
                retranslate()

    # -- actions --------------------------------------------------------------

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)
        page = self.stack.widget(index)
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
        box = QMessageBox(self)
        box.setWindowTitle(_("About motcua-desktop"))
        box.setText(
            "<b>motcua-desktop {v}</b><br>{what}<br><br>{folder}<br><code>{path}</code>".format(
                v=__version__,
                what=_("The offline one-stop desk for commune offices."),
                folder=_("Data folder:"),
                path=self.ctx.data_dir,
            )
        )
        box.exec()

    def reload_profile(self) -> None:
        self.runner.run(setup_service.get_profile, self.ctx, on_success=self._profile_loaded)

    def _profile_loaded(self, profile) -> None:
        self.profile = profile
        self.home.commune_name = profile.commune_name if profile else ""
        self.commune_label.setText(self.home.commune_name)
        self.home.retranslate_ui()

    def _on_changed(self, tag: str) -> None:
        if tag == "profile":
            self.reload_profile()

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
