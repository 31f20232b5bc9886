"""First run from the district's provisioning file: choose it, compare the key, accept it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.i18n import _
from motcua_desktop.services import provisioning as provisioning_service
from motcua_desktop.ui.errors import show_error
from motcua_desktop.ui.language import translate_ui
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.profile_forms import error_label, set_error


def read_provisioning_file(path: str):
    """Runs on the worker: the file's bytes and what it says (district, key, commune)."""
    from motcua_desktop.sync.provisioning import read_provisioning

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        from motcua_desktop.domain.errors import StorageError

        raise StorageError(
            _("The file {path} cannot be read: {error}").format(path=path, error=exc.strerror)
        ) from exc
    return data, read_provisioning(data)


class ProvisioningDialog(QDialog):
    """Shows whose file it is and for which commune; accepting stores it (``accept_provisioning``).

    ``path`` pre-selects a file; without one, a file shipped next to the program
    (``bundled_provisioning_file``) is pre-selected when there is one.
    """

    def __init__(
        self, ctx, runner: OpRunner, parent: QWidget | None = None, *, path: str | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.data: bytes | None = None
        self.provisioning = None
        self.profile = None
        self.intro = QLabel(wordWrap=True)
        self.path = QLineEdit(objectName="provisioning_path", readOnly=True)
        self.browse = QPushButton(objectName="browse", clicked=self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.district = QLabel(objectName="district_name", wordWrap=True)
        self.fingerprint = QLabel(objectName="fingerprint")
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 12pt;")
        self.commune = QLabel(objectName="commune", wordWrap=True)
        self.captions = [QLabel() for _i in range(3)]
        form = QFormLayout()
        for caption, value in zip(
            self.captions, (self.district, self.fingerprint, self.commune), strict=True
        ):
            form.addRow(caption, value)
        self.hint = QLabel(wordWrap=True)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        translate_ui(self)
        if path:
            self.load(str(path))
        else:
            self.runner.run(
                provisioning_service.bundled_provisioning_file, on_success=self._offer_bundled
            )

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Set up from the district's provisioning file"))
        self.intro.setText(
            _(
                "The district gives each commune a provisioning file. It names the commune, "
                "the district and its keys, and brings the procedure catalogue and holidays."
            )
        )
        self.browse.setText(_("&Choose the file…"))
        for caption, text in zip(
            self.captions, (_("District:"), _("District key:"), _("For the commune:")), strict=True
        ):
            caption.setText(text)
        self.hint.setText(
            _(
                "Before accepting, read the district key aloud to the district by phone: "
                "it must match theirs."
            )
        )
        self.ok_button.setText(_("&Accept this file"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("The district's provisioning file"), "", _("Provisioning files (*.motcua)")
        )
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        """Read and verify the file on the worker, then show whose it is."""
        self.path.setText(path)
        self.ok_button.setEnabled(False)
        set_error(self.error, "")
        self.runner.run(
            read_provisioning_file, path, on_success=self._loaded, on_error=self._load_failed
        )

    def _offer_bundled(self, path) -> None:
        if path is not None and not self.path.text():
            self.load(str(path))

    def _loaded(self, result) -> None:
        self.data, self.provisioning = result
        p = self.provisioning
        self.district.setText(p.district.name)
        self.fingerprint.setText(p.fingerprint())
        self.commune.setText(
            "{name} ({code})".format(name=p.profile.get("commune_name", ""), code=p.agency_code)
        )
        self.ok_button.setEnabled(True)
        self.ok_button.setFocus()

    def _load_failed(self, exc: BaseException) -> None:
        self.data = self.provisioning = None
        for label in (self.district, self.fingerprint, self.commune):
            label.setText("")
        set_error(self.error, exc.message if isinstance(exc, MotcuaError) else str(exc))

    def accept(self) -> None:
        if self.data is None:
            return
        self.ok_button.setEnabled(False)
        self.runner.run(
            provisioning_service.accept_provisioning,
            self.ctx,
            self.data,
            on_success=self._accepted,
            on_error=self._failed,
            progress_label=_("Setting up the commune from the district's file…"),
            changes="profile",
        )

    def _accepted(self, profile) -> None:
        self.profile = profile
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, MotcuaError):
            set_error(self.error, exc.message)
        else:
            show_error(self, exc)
