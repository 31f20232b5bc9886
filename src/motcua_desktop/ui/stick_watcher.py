"""Notices a USB stick (or folder) holding the district's mailbox and says so once per arrival."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

POLL_MS = 3000

Finder = Callable[[], Iterable[Path]]


class _Relay(QObject):
    """Carries a scan's result from the pool thread back to the watcher's (GUI) thread."""

    done = Signal(object)


class _Scan(QRunnable):
    def __init__(self, finder: Finder, relay: _Relay) -> None:
        super().__init__()
        self.finder = finder
        self.relay = relay

    def run(self) -> None:
        try:
            found = [Path(p) for p in self.finder()]
        except Exception:  # a vanished volume must not stop the watching
            log.warning("looking for mailboxes failed", exc_info=True)
            found = []
        self.relay.done.emit(found)


class StickWatcher(QObject):
    """Polls for mailboxes every few seconds off the GUI thread.

    ``mailbox_found`` fires with the root holding ``MOTCUA/`` when one appears
    that was not there at the previous scan; ``mailbox_gone`` when it goes.
    ``finder`` returns the mailbox roots present now (the default is
    ``services.sync_commune.find_mailboxes``; tests pass a temporary folder list).
    """

    mailbox_found = Signal(str)
    mailbox_gone = Signal(str)

    def __init__(
        self,
        finder: Finder | None = None,
        parent: QObject | None = None,
        interval_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        if finder is None:
            from motcua_desktop.services.sync_commune import find_mailboxes

            finder = find_mailboxes
        self.finder = finder
        self.present: set[Path] = set()
        self._first = True
        self._scanning = False
        # No parent: a scan still running when the watcher goes keeps its relay alive.
        self._relay = _Relay()
        self._relay.done.connect(self._scanned)
        self.timer = QTimer(self, interval=interval_ms, timeout=self.scan)

    def start(self, *, announce_present: bool = False) -> None:
        """Start polling; a stick already plugged in is announced only with ``announce_present``."""
        self._first = not announce_present
        self.timer.start()
        self.scan()

    def stop(self) -> None:
        self.timer.stop()

    def scan(self) -> None:
        if self._scanning:
            return
        self._scanning = True
        QThreadPool.globalInstance().start(_Scan(self.finder, self._relay))

    @Slot(object)
    def _scanned(self, found: list[Path]) -> None:
        self._scanning = False
        now = set(found)
        first, self._first = self._first, False
        new, gone = now - self.present, self.present - now
        self.present = now
        if first:
            return
        for root in sorted(gone):
            self.mailbox_gone.emit(str(root))
        for root in sorted(new):
            log.info("mailbox found at %s", root)
            self.mailbox_found.emit(str(root))
