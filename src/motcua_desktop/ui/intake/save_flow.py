"""The save sequence of an intake: validate, accept or supplement or refuse, then print the slip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.errors import MissingComponents, MotcuaError
from motcua_desktop.services import intake, printing
from motcua_desktop.ui.errors import show_error
from motcua_desktop.ui.intake.outcome_dialogs import Outcome, OutcomeAction
from motcua_desktop.ui.operations import OpRunner

SLIP_FOR_ACTION = {OutcomeAction.SUPPLEMENT: "supplement", OutcomeAction.REFUSE: "refusal"}


class SaveFlow(QObject):
    """Runs one save through the runner; the page reacts to the signals.

    ``problems`` carries the validation list, ``missing`` the names of missing
    required components (the page asks the clerk), ``saved`` the record and
    slip kind once the dossier is in the database, ``printed`` the record,
    kind and ``PrintedDocument`` once the slip exists, ``failed`` any refusal
    from the services (already shown to the clerk unless it names a field).
    """

    problems = Signal(list)
    missing = Signal(list)
    saved = Signal(object, str)
    printed = Signal(object, str, object)
    failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, ctx, user, runner: OpRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self._busy = False
        self._request: intake.IntakeRequest | None = None

    def is_busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _run(self, fn: Callable, *args, on_success: Callable, **kwargs) -> None:
        self.runner.run(fn, *args, on_success=on_success, on_error=self._on_error, **kwargs)

    # -- steps ------------------------------------------------------------------

    def start(self, request: intake.IntakeRequest) -> bool:
        """Validate then accept ``request``; False if a save is already running."""
        if self._busy:
            return False
        self._set_busy(True)
        self._request = request
        self._run(intake.validate, self.ctx, request, on_success=self._on_validated)
        return True

    def _on_validated(self, problems: list) -> None:
        if problems:
            self._set_busy(False)
            self.problems.emit(list(problems))
            return
        self._run(
            intake.accept,
            self.ctx,
            self._request,
            self.user,
            on_success=lambda record: self._on_saved(record, "receipt"),
            changes="dossiers",
        )

    def decide(self, outcome: Outcome | None) -> None:
        """The clerk's answer to ``missing``: None goes back to the form."""
        if outcome is None or self._request is None:
            self._set_busy(False)
            return
        kind = SLIP_FOR_ACTION[outcome.action]
        if outcome.action == OutcomeAction.SUPPLEMENT:
            self._run(
                intake.request_supplement,
                self.ctx,
                self._request,
                outcome.reason,
                self.user,
                contact_name=outcome.contact_name,
                contact_phone=outcome.contact_phone,
                on_success=lambda record: self._on_saved(record, kind),
                changes="dossiers",
            )
        else:
            self._run(
                intake.refuse,
                self.ctx,
                self._request,
                outcome.reason,
                self.user,
                on_success=lambda record: self._on_saved(record, kind),
                changes="dossiers",
            )

    def _on_saved(self, record: DossierRecord, kind: str) -> None:
        self._request = None
        self.saved.emit(record, kind)
        self.print_slip(record, kind)

    def print_slip(self, record: DossierRecord, kind: str) -> None:
        """Render the slip of a saved dossier (also used by Ctrl+P to print again)."""
        self._set_busy(True)
        self.runner.run(
            printing.print_slip,
            self.ctx,
            record.code,
            kind,
            self.user,
            on_success=lambda doc: self._on_printed(record, kind, doc),
            on_error=self._on_print_error,
        )

    def _on_printed(self, record: DossierRecord, kind: str, document) -> None:
        self._set_busy(False)
        self.printed.emit(record, kind, document)

    def _on_print_error(self, exc: BaseException) -> None:
        # The dossier is saved; only the slip failed. Ctrl+P tries again.
        self._set_busy(False)
        show_error(self.parent(), exc)

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, MissingComponents):
            self.missing.emit(list(exc.missing))  # busy until decide()
            return
        self._set_busy(False)
        self._request = None
        if isinstance(exc, MotcuaError) and exc.field:
            self.problems.emit([(exc.field, exc.message)])
            return
        self.failed.emit(exc)
        show_error(self.parent(), exc)
