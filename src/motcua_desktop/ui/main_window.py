"""The main window: navigation between Home, Intake, Catalogue and Settings, menus, status bar."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QShortcut
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
from motcua_desktop.i18n import N_, _, format_ui_date
from motcua_desktop.services import setup as setup_service
from motcua_desktop.ui.catalogue_page import CataloguePage
from motcua_desktop.ui.language import translate_ui
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.settings_page import SettingsPage

ROLE_NAMES = {"clerk": N_("Clerk"), "leader": N_("Leader"), "admin": N_("Administrator")}
PAGE_HOME, PAGE_INTAKE, PAGE_CATALOGUE, PAGE_SETTINGS = range(4)
NAV_STYLE = """
QListWidget#navigation { font-size: 11pt; padding-top: 6px; }
QListWidget#navigation::item { padding: 9px 12px; }
"""


def make_intake_page(ctx, user, runner: OpRunner) -> QWidget:
    """The other team's intake page, or a placeholder until it exists."""
    try:
        from motcua_desktop.ui.intake import IntakePage
    except ImportError:
        label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("intake_placeholder")
        label.retranslate_ui = lambda: label.setText(_("The intake screen is not installed yet."))
        label.retranslate_ui()
        return label
    return IntakePage(ctx, user, runner)


class HomePage(QWidget):
    """A simple welcome: commune, who is logged in, today's date."""

    def __init__(self, user, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.commune_name = ""
        self.title = QLabel(objectName="home_title")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.greeting = QLabel(objectName="home_greeting")
        self.today = QLabel(objectName="home_today")
        self.tips = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        for widget in (self.title, self.greeting, self.today, self.tips):
            layout.addWidget(widget)
        layout.addStretch(1)

    def retranslate_ui(self) -> None:
        self.title.setText(self.commune_name or _("One-stop desk"))
        self.greeting.setText(_("Welcome, {name}.").format(name=self.user.full_name))
        self.today.setText(_("Today is {date}.").format(date=format_ui_date(date.today())))
        self.tips.setText(
            _(
                "Ctrl+N starts a new intake. Alt+1 to Alt+4 switch between pages. "
                "F1 shows the program's version and data folder."
            )
        )


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
        self.home = HomePage(user)
        self.intake = make_intake_page(ctx, user, runner)
        self.catalogue = CataloguePage(ctx, user, runner)
        self.settings = SettingsPage(ctx, user, runner)
        for page in (self.home, self.intake, self.catalogue, self.settings):
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem())
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.page_shortcuts = []
        for index in range(4):
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.show_page(i))
            self.page_shortcuts.append(shortcut)
        self.user_label = QLabel(objectName="status_user")
        self.commune_label = QLabel(objectName="status_commune")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.commune_label)

        runner.changed.connect(self._on_changed)
        self.nav.setCurrentRow(PAGE_HOME)
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
        self.dossier_menu.addAction(self.new_intake_action)
        self.dossier_menu.addAction(self.catalogue_action)

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self, triggered=self.show_about)
        self.about_action.setShortcut(QKeySequence("F1"))
        self.help_menu.addAction(self.about_action)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("One-stop desk") + " — motcua-desktop")
        names = (_("&Home"), _("&Intake"), _("&Catalogue"), _("&Settings"))
        for index, name in enumerate(names):
            self.nav.item(index).setText(name.replace("&", ""))
            self.nav.item(index).setToolTip(_("Alt+{n}").format(n=index + 1))
        self.file_menu.setTitle(_("&File"))
        self.settings_action.setText(_("&Settings"))
        self.quit_action.setText(_("&Quit"))
        self.dossier_menu.setTitle(_("&Dossier"))
        self.new_intake_action.setText(_("&New intake"))
        self.catalogue_action.setText(_("Procedure &catalogue"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About"))
        role = _(ROLE_NAMES.get(self.user.role, self.user.role))
        self.user_label.setText(
            _("User: {name} ({role})").format(
                name=self.user.full_name or self.user.username, role=role
            )
        )
        self.commune_label.setText(self.profile.commune_name if self.profile else "")
        for page in (self.home, self.intake, self.catalogue, self.settings):
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
