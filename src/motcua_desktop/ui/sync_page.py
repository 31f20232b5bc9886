"""The Sync page: what the district has confirmed, the bundles so far, and the exchange with a stick."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.i18n import _, format_number, format_ui_datetime, ngettext
from motcua_desktop.services.sync_results import kind_words
from motcua_desktop.ui.operations import OpRunner

BANNER_STYLE = """
QFrame#stick_banner { background: #fff4ce; border: 1px solid #e0c36c; border-radius: 4px; }
"""


def _when(value) -> str:
    return format_ui_datetime(value) if value else _("never")


def pending_text(n: int) -> str:
    if n == 0:
        return _("Everything has been confirmed by the district.")
    return ngettext(
        "{n} change not yet confirmed by the district",
        "{n} changes not yet confirmed by the district",
        n,
    ).format(n=format_number(n))


def summary_lines(imports, export=None, error: str = "") -> list[str]:
    """The exchange's outcome in plain words, one line per incoming file and one for the export."""
    lines = [f"{kind_words(r.kind)} ({r.file_name}): {r.message}" for r in imports]
    if not imports:
        lines.append(_("Nothing from the district in this mailbox."))
    if export is not None:
        lines.append(export.message)
        if getattr(export, "backup_message", ""):  # the encrypted backup copy on the stick
            lines.append(export.backup_message)
        if getattr(export, "backup_warning", ""):
            lines.append(_("Warning: {warning}").format(warning=export.backup_warning))
    if error:
        lines.append(error)
    return lines


class SyncPage(QWidget):
    """Status of the USB mailbox and the exchange; all work goes through the runner."""

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.user, self.runner = ctx, user, runner
        self.status = None
        self.busy = False
        self.title = QLabel(objectName="sync_title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.district_label = QLabel(objectName="district", wordWrap=True)
        self.export_label = QLabel(objectName="last_export", wordWrap=True)
        self.ack_label = QLabel(objectName="last_ack", wordWrap=True)
        self.pending_label = QLabel(objectName="pending", wordWrap=True)
        bold = QFont(self.pending_label.font())
        bold.setBold(True)
        self.pending_label.setFont(bold)
        self.captions = [QLabel() for _i in range(4)]
        form = QFormLayout()
        values = (self.district_label, self.export_label, self.ack_label, self.pending_label)
        for caption, value in zip(self.captions, values, strict=True):
            form.addRow(caption, value)

        self.exchange_button = QPushButton(objectName="exchange", clicked=self.choose_and_exchange)
        self.exchange_button.setMinimumHeight(36)
        self.refresh_button = QPushButton(objectName="refresh", clicked=self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.exchange_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)

        self.summary = QLabel(objectName="summary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.hide()
        self.bundles_caption = QLabel()
        self.table = QTableWidget(0, 5, objectName="bundles")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.bundles_caption)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    # -- texts ----------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.title.setText(_("Exchange with the district"))
        for caption, text in zip(
            self.captions,
            (_("District:"), _("Last export:"), _("Last confirmation:"), _("Waiting:")),
            strict=True,
        ):
            caption.setText(text)
        self.exchange_button.setText(_("&Exchange with stick or folder…"))
        self.refresh_button.setText(_("&Refresh"))
        self.bundles_caption.setText(_("Bundles written and received"))
        self.table.setHorizontalHeaderLabels(
            [_("When"), _("Bundle"), _("Changes"), _("Status"), _("File")]
        )
        self._show_status(self.status)

    def _show_status(self, status) -> None:
        self.status = status
        if status is None:
            for label in (self.district_label, self.export_label, self.ack_label):
                label.setText("…")
            self.pending_label.setText("")
            return
        if status.provisioned:
            self.district_label.setText(
                _("{name} (key {fingerprint})").format(
                    name=status.district_name, fingerprint=status.district_fingerprint
                )
            )
        else:
            self.district_label.setText(
                _("Not set up: this commune has no provisioning file from the district.")
            )
        if status.last_export_at:
            self.export_label.setText(
                _("{when}, changes {first} to {last}").format(
                    when=_when(status.last_export_at),
                    first=format_number(status.last_export_from),
                    last=format_number(status.last_export_to),
                )
            )
        else:
            self.export_label.setText(_("Nothing has been exported yet."))
        if status.last_ack_at:
            text = _("{when}, up to change {seq}").format(
                when=_when(status.last_ack_at), seq=format_number(status.acked_seq)
            )
            if status.gaps:
                missing = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in status.gaps)
                text += " " + _("(the district is missing changes {ranges})").format(ranges=missing)
            self.ack_label.setText(text)
        else:
            self.ack_label.setText(_("The district has not confirmed anything yet."))
        self.pending_label.setText(pending_text(status.pending_changes))
        self._fill_table(status.bundles)

    def _fill_table(self, bundles) -> None:
        self.table.setRowCount(len(bundles))
        for row, b in enumerate(bundles):
            arrow = "↑" if b.direction == "out" else "↓"
            span = (
                f"{format_number(b.seq_from)}–{format_number(b.seq_to)}"
                if b.kind == "data"
                else (format_number(b.seq_to) if b.kind == "ack" else "")
            )
            cells = (format_ui_datetime(b.at), f"{arrow} {kind_words(b.kind)}", span, b.words)
            for col, text in enumerate((*cells, b.file_name)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    # -- loading --------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.runner.run(_sync().sync_status, self.ctx, on_success=self._show_status)

    # -- the exchange -----------------------------------------------------------

    def choose_and_exchange(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose the USB stick or the folder holding MOTCUA")
        )
        if folder:
            self.exchange_with(folder)

    def exchange_with(self, folder: str) -> None:
        """Preview what the district sent, apply it once confirmed, then write our data bundle."""
        if self.busy:
            return
        self._set_busy(True)
        self.runner.run(
            _sync().preview_inbox,
            self.ctx,
            folder,
            on_success=lambda previews: self._previewed(folder, previews),
            on_error=self._failed,
            progress_label=_("Reading the district's mailbox…"),
        )

    def confirm_preview(self, previews) -> bool:
        """Ask before applying; lists every incoming file and what it would change."""
        lines = []
        for p in previews:
            lines.append(f"• {kind_words(p.kind)} ({p.file_name}): {p.message}")  # fmt: skip
            lines += ["    – " + c for c in p.changes]
        box = QMessageBox(
            QMessageBox.Icon.Question, _("Exchange with the district"), "", parent=self
        )
        box.setText(_("The mailbox holds these files from the district:"))
        box.setInformativeText("\n".join(lines))
        apply = box.addButton(_("&Apply and send our data"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(apply)
        box.exec()
        return box.clickedButton() is apply

    def _previewed(self, folder: str, previews) -> None:
        if any(p.status == "new" for p in previews) and not self.confirm_preview(previews):
            self._set_busy(False)
            self._show_summary([_("Nothing was changed and nothing was written.")])
            return
        self.runner.run(
            _sync().import_inbox,
            self.ctx,
            folder,
            self.user,
            on_success=lambda imports: self._imported(folder, imports),
            on_error=self._failed,
            progress_label=_("Applying what the district sent…"),
            changes="sync",
        )

    def _imported(self, folder: str, imports) -> None:
        if any(r.kind == "config" and r.status == "applied" for r in imports):
            for tag in ("catalogue", "calendar"):
                self.runner.changed.emit(tag)
        self.runner.run(
            _sync().export,
            self.ctx,
            folder,
            self.user,
            on_success=lambda result: self._done(imports, result),
            on_error=lambda exc: self._done(imports, None, exc),
            progress_label=_("Writing our data bundle…"),
            changes="sync",
        )

    def _done(self, imports, export, exc: BaseException | None = None) -> None:
        self._set_busy(False)
        error = exc.message if isinstance(exc, MotcuaError) else ""
        self._show_summary(summary_lines(imports, export, error))
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_summary([exc.message if isinstance(exc, MotcuaError) else str(exc)])
        self.refresh()

    def _show_summary(self, lines: list[str]) -> None:
        self.summary.setText("\n".join(lines))
        self.summary.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.exchange_button.setEnabled(not busy)


def _sync():
    """The commune's sync services, imported when first used (they load the crypto stack)."""
    from motcua_desktop.services import sync_commune

    return sync_commune


class StickBanner(QFrame):
    """The main window's non-modal notice: a mailbox was found; exchange now?"""

    exchange_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="stick_banner")
        self.setStyleSheet(BANNER_STYLE)
        self.folder = ""
        self.text = QLabel(objectName="stick_banner_text", wordWrap=True)
        self.go = QPushButton(objectName="stick_exchange", clicked=self._go)
        self.dismiss = QPushButton(objectName="stick_dismiss", clicked=self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.go)
        layout.addWidget(self.dismiss)
        self.hide()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.text.setText(
            _("USB stick with the district's mailbox found ({folder}). Exchange now?").format(
                folder=self.folder
            )
        )
        self.go.setText(_("E&xchange now"))
        self.dismiss.setText(_("Not now"))

    def announce(self, folder: str) -> None:
        self.folder = folder
        self.retranslate_ui()
        self.show()

    def withdraw(self, folder: str) -> None:
        if folder == self.folder:
            self.hide()

    def _go(self) -> None:
        self.hide()
        self.exchange_requested.emit(self.folder)
