"""The first-run welcome: try the demo commune, set up one's own, or use the district's file."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from motcua_desktop.i18n import _
from motcua_desktop.ui.language import translate_ui


class WelcomeDialog(QDialog):
    """Asks how to start; ``choice`` is "demo", "setup", "provision" or None after closing."""

    DEMO = "demo"
    SETUP = "setup"
    PROVISION = "provision"

    def __init__(self, data_dir: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self._data_dir = data_dir
        self.title = QLabel()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel(wordWrap=True)
        self.setup_button = QPushButton(objectName="setup", clicked=lambda: self._choose("setup"))
        self.demo_button = QPushButton(objectName="demo", clicked=lambda: self._choose("demo"))
        self.provision_button = QPushButton(
            objectName="provision", clicked=lambda: self._choose(self.PROVISION)
        )
        self.setup_button.setDefault(True)
        for button in (self.setup_button, self.provision_button, self.demo_button):
            button.setMinimumHeight(44)
        self.folder = QLabel(wordWrap=True)
        self.folder.setStyleSheet("color: #505050;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addWidget(self.setup_button)
        layout.addWidget(self.provision_button)
        layout.addWidget(self.demo_button)
        layout.addSpacing(8)
        layout.addWidget(self.folder)
        self.setMinimumWidth(480)
        translate_ui(self)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Welcome"))
        self.title.setText(_("Welcome to the one-stop desk"))
        self.intro.setText(
            _(
                "This data folder has no commune yet. Set up your own commune, "
                "or look around first in a demo commune with sample dossiers."
            )
        )
        self.setup_button.setText(_("&Set up my commune"))
        self.demo_button.setText(_("Use the &demo commune"))
        self.provision_button.setText(_("Set up from the district's &provisioning file…"))
        self.folder.setText(_("Data folder: {path}").format(path=self._data_dir))

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
