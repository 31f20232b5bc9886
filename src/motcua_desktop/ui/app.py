"""The ``motcua-desktop`` entry point: open the data folder, first run, login, main window."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from motcua_desktop import APP_NAME, __version__
from motcua_desktop.domain.errors import StorageError
from motcua_desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language
from motcua_desktop.logging_setup import setup_logging
from motcua_desktop.paths import data_dir, resources_dir
from motcua_desktop.ui.crash import install_excepthook
from motcua_desktop.ui.operations import OpRunner

log = logging.getLogger(__name__)
ORGANISATION = "motcua"
DEMO_DOSSIERS = 300


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="motcua-desktop", description=_("One-stop desk"))
    parser.add_argument(
        "--data-dir", help="data folder (default: the platform's, or $MOTCUA_DATA_DIR)"
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the program (vi or en)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def app_icon() -> QIcon | None:
    path = resources_dir() / "icons" / "app.svg"
    return QIcon(str(path)) if path.exists() else None


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def storage_error_dialog(exc: StorageError, folder, parent: QWidget | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Critical, _("Cannot open the data folder"), "", parent=parent
    )
    box.setText(exc.message)
    box.setInformativeText(
        _(
            "Data folder: {path}\nCheck that the disk is present and writable, then start again."
        ).format(path=folder)
    )
    box.exec()


def ui_language(ctx, override: str | None) -> str:
    """Runs on the worker: --lang, else this PC's preference, else the commune's, else vi."""
    from motcua_desktop.services import settings as settings_service
    from motcua_desktop.services import setup as setup_service

    if override:
        return override
    lang = settings_service.get_preference(ctx, settings_service.UI_LANGUAGE)
    if lang in LANGUAGES:
        return lang
    profile = setup_service.get_profile(ctx)
    if profile is not None and profile.language in LANGUAGES:
        return profile.language
    return DEFAULT_LANGUAGE


def first_run(ctx, runner: OpRunner) -> tuple[bool, str, str]:
    """Welcome → demo, wizard, or provisioning file then the admin page. Returns (done, user name to prefill, hint for the login)."""
    from motcua_desktop.ui.setup_wizard import SetupWizard
    from motcua_desktop.ui.welcome_dialog import WelcomeDialog

    while True:
        welcome = WelcomeDialog(str(ctx.data_dir))
        if welcome.exec() != QDialog.DialogCode.Accepted or welcome.choice is None:
            return False, "", ""
        if welcome.choice == WelcomeDialog.DEMO:
            from motcua_desktop.services import demo

            runner.call(
                demo.seed_demo,
                ctx,
                dossiers=DEMO_DOSSIERS,
                extras=True,
                progress_label=_("Creating the demo commune with sample dossiers…"),
            )
            return True, *demo_login_hint(demo)
        provisioned = welcome.choice == WelcomeDialog.PROVISION
        if provisioned:
            from motcua_desktop.ui.provisioning_dialog import ProvisioningDialog

            if ProvisioningDialog(ctx, runner).exec() != QDialog.DialogCode.Accepted:
                continue
        # After a provisioning file only the administrator is left to create.
        wizard = SetupWizard(ctx, runner, admin_only=provisioned)
        if wizard.exec() == QDialog.DialogCode.Accepted:
            user = wizard.created_user
            return True, getattr(user, "username", ""), ""


def demo_login_hint(demo_module) -> tuple[str, str]:
    """The demo's administrator and a hint naming the demo accounts and their password."""
    accounts = [u[0] for u in getattr(demo_module, "DEMO_USERS", ())]
    admin = next((u[0] for u in getattr(demo_module, "DEMO_USERS", ()) if u[2] == "admin"), "")
    password = getattr(demo_module, "DEMO_PASSWORD", "")
    if not (accounts and password):
        return admin, ""
    return admin, _("Demo commune: users {users}; password “{password}”.").format(
        users=", ".join(accounts), password=password
    )


def _daily_backup(ctx) -> None:
    """Take the day's backup if there is none yet, then prune by the retention rule.

    A failure is logged, never shown at start-up: the desk must open even on a full disk.
    """
    from motcua_desktop.services import backup

    try:
        backup.ensure_daily(ctx)
        backup.apply_retention(ctx)
    except StorageError as exc:
        log.warning("daily backup skipped: %s", exc.message)


def start(args: argparse.Namespace, runner: OpRunner):
    """Everything between the QApplication and the main window.

    Returns (main window or exit code, the opened context or None).
    """
    from motcua_desktop.services import context as context_service
    from motcua_desktop.services import setup as setup_service
    from motcua_desktop.ui.login_dialog import LoginDialog
    from motcua_desktop.ui.main_window import MainWindow

    folder = data_dir(args.data_dir)
    try:
        ctx = runner.call(
            context_service.open_app, folder, progress_label=_("Opening the data folder…")
        )
    except StorageError as exc:
        log.error("cannot open %s: %s", folder, exc.message)
        storage_error_dialog(exc, folder)
        return 1, None
    set_language(runner.call(ui_language, ctx, args.lang))
    profile = runner.call(setup_service.get_profile, ctx)
    username, hint = "", ""
    if profile is None:
        done, username, hint = first_run(ctx, runner)
        if not done:
            return 0, ctx
        set_language(runner.call(ui_language, ctx, args.lang))
        profile = runner.call(setup_service.get_profile, ctx)
    # Load the PDF layer on the worker while the clerk types the password.
    from motcua_desktop.services.printing import warm_up

    runner.run(warm_up)
    runner.run(_daily_backup, ctx)  # the day's first start keeps a copy (docs/operations.md)
    login = LoginDialog(
        ctx, runner, profile.commune_name if profile else "", username=username, hint=hint
    )
    if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
        return 0, ctx
    log.info("user %s logged in", login.user.username)
    return MainWindow(ctx, login.user, runner), ctx


_session: dict = {}  # the main window of the user logged in now (kept referenced)


def follow_log_out(window, ctx, runner: OpRunner) -> None:
    """On "Switch user" (menu or the idle lock): the login again, then a new main window."""
    _session["window"] = window
    window.logged_out.connect(lambda: QTimer.singleShot(0, lambda: relogin(window, ctx, runner)))


def relogin(old, ctx, runner: OpRunner):
    """Close ``old`` (its drafts are saved), log someone in, open their window; cancel quits."""
    from motcua_desktop.ui.login_dialog import LoginDialog
    from motcua_desktop.ui.main_window import MainWindow

    app = QApplication.instance()
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # between the two windows none is open
    try:
        commune = old.profile.commune_name if old.profile else ""
        log.info("user %s logged out", old.user.username)
        runner.parent_widget = None
        old.close()
        old.deleteLater()
        _session.pop("window", None)
        login = LoginDialog(ctx, runner, commune)
        if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
            app.quit()
            return None
        log.info("user %s logged in", login.user.username)
        window = MainWindow(ctx, login.user, runner)
        follow_log_out(window, ctx, runner)
        window.show()
        window.raise_()
        window.activateWindow()
        return window
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else list(argv))
    app = create_application(sys.argv[:1])
    set_language(args.lang or DEFAULT_LANGUAGE)
    setup_logging(data_dir(args.data_dir))
    log.info("motcua-desktop %s starting", __version__)
    install_excepthook()
    # Packaging smoke test only: $MOTCUA_SMOKE_QUIT_MS quits after the first window shows.
    from motcua_desktop.ui.smoke import install_from_env

    _smoke = install_from_env(app)
    runner = OpRunner()
    ctx = None
    try:
        result, ctx = start(args, runner)
        if isinstance(result, int):
            return result
        result.show()
        follow_log_out(result, ctx, runner)
        # After the modal login closes, take the keyboard so the clerk can type at once.
        result.raise_()
        result.activateWindow()
        return app.exec()
    finally:
        runner.shutdown()
        if ctx is not None:
            ctx.close()
        log.info("motcua-desktop stopped")


if __name__ == "__main__":
    sys.exit(main())
