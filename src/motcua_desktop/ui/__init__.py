"""The PySide6 desktop user interface; the only layer that imports Qt."""

from motcua_desktop.ui import pyside_compat  # noqa: F401  (must run before any Qt call)
