"""The operation runner: service calls run on one database worker thread, results come back as signals."""

from __future__ import annotations

import itertools
import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.i18n import _

log = logging.getLogger(__name__)

# Anki shows progress after 600 ms; the brief asks for about half a second.
PROGRESS_DELAY_MS = 500


@dataclass
class _Task:
    id: int
    fn: Callable[..., Any]
    args: tuple
    kwargs: dict
    on_success: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    progress_label: str | None = None
    changes: str | None = None
    all_errors: bool = False  # deliver unexpected exceptions to on_error too
    dialog: QProgressDialog | None = field(default=None, repr=False)


def _alive(callback: Callable[..., Any] | None) -> bool:
    """False when there is no callback, or it is a method of a widget already deleted.

    A screen closed while its query ran must not be called back: its C++ side is gone.
    """
    if callback is None:
        return False
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or isValid(owner)


class _Worker(QThread):
    """Runs queued tasks one after another; SQLite likes one writer."""

    finished_task = Signal(int, object)
    failed_task = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.queue: queue.Queue[_Task | None] = queue.Queue()

    def run(self) -> None:
        while True:
            task = self.queue.get()
            if task is None:
                return
            try:
                result = task.fn(*task.args, **task.kwargs)
            except BaseException as exc:  # handed to the GUI thread, never swallowed
                self.failed_task.emit(task.id, exc)
            else:
                self.finished_task.emit(task.id, result)


class OpRunner(QObject):
    """Runs service functions on the worker and calls back on the GUI thread.

    ``changed`` carries a tag ("profile", "catalogue", "calendar", ...) after a
    write so screens can decide whether to refresh (Anki's op changes).
    """

    changed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parent_widget: QWidget | None = None
        self._ids = itertools.count(1)
        self._pending: dict[int, _Task] = {}
        self._worker = _Worker()
        # The runner lives in the GUI thread, so these connections are queued.
        self._worker.finished_task.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._worker.failed_task.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._worker.start()

    # -- public API ---------------------------------------------------------

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        progress_label: str | None = None,
        changes: str | None = None,
        **kwargs: Any,
    ) -> int:
        """Queue ``fn(*args, **kwargs)`` on the worker; returns the task id."""
        task = _Task(
            next(self._ids), fn, args, kwargs, on_success, on_error, progress_label, changes
        )
        return self._submit(task)

    def _submit(self, task: _Task) -> int:
        if not self._worker.isRunning():
            raise RuntimeError("the operation runner has been shut down")
        self._pending[task.id] = task
        # A context-bound single shot: no timer object to own or delete.
        QTimer.singleShot(PROGRESS_DELAY_MS, self, lambda tid=task.id: self._show_progress(tid))
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._worker.queue.put(task)
        return task.id

    def call(self, fn: Callable[..., Any], *args: Any, progress_label: str | None = None, **kw):
        """Run ``fn`` on the worker and wait for it in a local event loop; re-raise its error.

        Only for start-up sequencing, where the next step needs the answer;
        the GUI keeps painting while it waits.
        """
        loop = QEventLoop()
        box: dict[str, Any] = {}

        def ok(result: Any) -> None:
            box["result"] = result
            loop.quit()

        def fail(exc: BaseException) -> None:
            box["error"] = exc
            loop.quit()

        task = _Task(next(self._ids), fn, args, kw, ok, fail, progress_label, all_errors=True)
        self._submit(task)
        if not box:
            loop.exec()
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def is_busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Let queued work finish, stop the thread and wait for it."""
        if not self._worker.isRunning():
            return True
        self._worker.queue.put(None)
        done = self._worker.wait(timeout_ms)
        # Results still queued for delivery are dropped: their screens are closing.
        self._worker.finished_task.disconnect(self._on_finished)
        self._worker.failed_task.disconnect(self._on_failed)
        for task in self._pending.values():
            self._close_progress(task)
        self._pending.clear()
        return bool(done)

    # -- delivery on the GUI thread ----------------------------------------

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        task = self._take(task_id)
        if task is None:
            return
        if task.changes:
            self.changed.emit(task.changes)
        if _alive(task.on_success):
            task.on_success(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: object) -> None:
        task = self._take(task_id)
        if task is None:
            return
        assert isinstance(exc, BaseException)
        name = getattr(task.fn, "__name__", repr(task.fn))
        if isinstance(exc, MotcuaError):
            log.info("operation %s refused: %s", name, exc.message)
        if task.on_error is not None and (task.all_errors or isinstance(exc, MotcuaError)):
            if _alive(task.on_error):
                task.on_error(exc)
            return
        from motcua_desktop.ui.errors import show_error

        show_error(self.parent_widget, exc)

    def _take(self, task_id: int) -> _Task | None:
        task = self._pending.pop(task_id, None)
        if task is not None:
            self._close_progress(task)
            if not self._pending:
                self.busy_changed.emit(False)
        return task

    # -- progress -------------------------------------------------------------

    def _show_progress(self, task_id: int) -> None:
        task = self._pending.get(task_id)
        if task is None or task.dialog is not None:
            return
        dialog = QProgressDialog(self.parent_widget)
        dialog.setWindowTitle(_("Please wait"))
        dialog.setLabelText(task.progress_label or _("Working…"))
        dialog.setRange(0, 0)  # busy indicator: services do not report steps
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.show()
        task.dialog = dialog

    def _close_progress(self, task: _Task) -> None:
        if task.dialog is not None:
            task.dialog.close()
            if task.dialog.parent() is not None:
                task.dialog.deleteLater()  # owned by its window; without one Python frees it
            task.dialog = None
