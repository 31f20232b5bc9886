"""Work around PySide6 6.12's abi3 wheels losing a reference to None on Python < 3.12.

Every call of a void Qt method (``setText``, ``setVisible``…) returns None
without a new reference; None is not immortal before Python 3.12, so after a
few thousand calls the interpreter aborts with "deallocating None". Giving
None a huge reference count keeps it alive for the life of the process.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 60  # far below Py_ssize_t's limit; decremented once per call, never reaches 0
_applied = False


def apply() -> None:
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    # Qt methods returning bool (``QModelIndex.isValid``…) lose references to
    # True and False the same way; a table model calls them on every paint.
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _BOOST
    _applied = True


apply()
