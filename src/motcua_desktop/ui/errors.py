"""The one place where errors become dialogs: typed errors as messages, the rest as a crash."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from motcua_desktop.domain.errors import (
    AuthenticationFailed,
    CatalogueError,
    MissingComponents,
    MotcuaError,
    NotAllowed,
    NotFound,
    StorageError,
    ValidationError,
)
from motcua_desktop.i18n import _


def error_title(exc: MotcuaError) -> str:
    """A short window title for a typed error."""
    # Most specific first: MissingComponents is a ValidationError.
    if isinstance(exc, MissingComponents):
        return _("Missing components")
    if isinstance(exc, ValidationError):
        return _("Please check the input")
    if isinstance(exc, NotAllowed):
        return _("Not allowed")
    if isinstance(exc, NotFound):
        return _("Not found")
    if isinstance(exc, AuthenticationFailed):
        return _("Cannot log in")
    if isinstance(exc, CatalogueError):
        return _("Catalogue error")
    if isinstance(exc, StorageError):
        return _("Data folder problem")
    return _("Cannot do that")


def error_text(exc: MotcuaError) -> str:
    """The clerk-ready message, with the missing components listed when there are any."""
    text = exc.message or str(exc)
    if isinstance(exc, MissingComponents) and exc.missing:
        text += "\n\n" + "\n".join(f"• {name}" for name in exc.missing)
    return text


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc``: a typed error as a message box, anything else as the crash dialog."""
    if isinstance(exc, MotcuaError):
        icon = (
            QMessageBox.Icon.Critical if isinstance(exc, StorageError) else QMessageBox.Icon.Warning
        )
        box = QMessageBox(
            icon, error_title(exc), error_text(exc), QMessageBox.StandardButton.Ok, parent
        )
        box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
        box.exec()
        return
    from motcua_desktop.ui.crash import handle_exception

    handle_exception(type(exc), exc, exc.__traceback__)
