"""The About dialog: version, data folder, database, backups and sync at a glance, and a button
that copies the same facts as plain text for whoever gives support."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop import __version__
from motcua_desktop.i18n import _, format_number, format_ui_datetime
from motcua_desktop.services.diagnostics import Diagnostics, as_text, collect
from motcua_desktop.ui.errors import show_error
from motcua_desktop.ui.operations import OpRunner


def qt_versions() -> dict[str, str]:
    return {"qt": qVersion(), "pyside": PySide6.__version__}


def _when(value) -> str:
    return format_ui_datetime(value) if value is not None else _("never")


def _size(n: int | None) -> str:
    if n is None:
        return _("on the database server")
    return _("{mb} MB").format(mb=format_number(round(n / (1024 * 1024), 1)))


def _rows(d: Diagnostics) -> list[tuple[str, str, str]]:
    """(object name, label, value) of each line the dialog shows."""
    district = d.mode == "district"
    rows = [
        ("version", _("Program version"), d.version),
        ("qt", _("Qt / PySide"), "{qt} / {pyside}".format(**qt_versions())),
        ("python", _("Python"), d.python),
        ("os", _("Operating system"), d.os),
        ("data_dir", _("Data folder"), str(d.data_dir)),
        ("database", _("Database"), d.database),
        ("database_size", _("Database size"), _size(d.database_bytes)),
        ("schema", _("Schema revision"), d.schema),
        ("mode", _("Mode"), _("District") if district else _("Commune")),
        ("name", _("District") if district else _("Commune"), d.name or "-"),
    ]
    if not district:
        rows.append(("agency_code", _("Agency code"), d.agency_code or "-"))
    rows += [
        ("installation", _("Installation"), d.installation_id or "-"),
        ("epoch", _("Epoch"), d.epoch_id or "-"),
        ("last_backup", _("Last backup"), _when(d.last_backup_at)),
    ]
    if district:
        rows += [
            ("last_import", _("Last bundle imported"), _when(d.last_import_at)),
            ("communes", _("Communes"), format_number(d.communes)),
        ]
    else:
        rows += [
            ("last_export", _("Last bundle sent"), _when(d.last_export_at)),
            ("last_ack", _("Last acknowledgement"), _when(d.last_ack_at)),
        ]
    rows.append(("dossiers", _("Dossiers"), format_number(d.dossiers)))
    return rows


class AboutDialog(QDialog):
    """Shows ``services.diagnostics.collect`` (read on the database worker) and copies it."""

    def __init__(self, ctx, parent: QWidget | None = None, runner: OpRunner | None = None) -> None:
        super().__init__(parent, objectName="about_dialog")
        self.ctx = ctx
        self.diagnostics: Diagnostics | None = None
        self._own_runner = runner is None
        self.runner = runner or OpRunner(self)
        self.title = QLabel(objectName="about_title")
        self.title.setText(f"<b>motcua-desktop {__version__}</b>")
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setObjectName("about_copy")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_diagnostics)
        self.buttons.rejected.connect(self.reject)
        self.copied = QLabel(objectName="about_copied")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.copied)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.runner.run(collect, ctx, on_success=self._loaded, on_error=self._failed)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("About motcua-desktop"))
        self.copy_button.setText(_("&Copy diagnostic info"))
        if self.diagnostics is not None:
            self._fill(self.diagnostics)

    def _loaded(self, d: Diagnostics) -> None:
        self.diagnostics = d
        self._fill(d)
        self.copy_button.setEnabled(True)
        self.copy_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def _fill(self, d: Diagnostics) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = {}
        for name, label, value in _rows(d):
            shown = QLabel(value, objectName=f"about_{name}")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name] = shown
            self.form.addRow(label + ":", shown)

    def diagnostic_text(self) -> str:
        assert self.diagnostics is not None
        return as_text(self.diagnostics, qt_versions())

    def copy_diagnostics(self) -> None:
        if self.diagnostics is None:
            return
        QApplication.clipboard().setText(self.diagnostic_text())
        self.copied.setText(_("Copied. Paste it into your message to support."))

    def done(self, result: int) -> None:  # noqa: D102 (Qt override: stop a private runner)
        if self._own_runner:
            self.runner.shutdown()
        super().done(result)


def show_about(parent: QWidget | None, ctx, runner: OpRunner | None = None) -> AboutDialog:
    """Open the About dialog (modal, non-blocking) and return it."""
    dialog = AboutDialog(ctx, parent, runner or getattr(parent, "runner", None))
    dialog.setModal(True)
    dialog.show()
    return dialog
