"""The PySide6 desktop user interface; the only layer that imports Qt."""

# Import the storage stack before PySide6: once shiboken is loaded it inspects the
# source of every later import, which adds ~0.15 s to start-up (benchmarks/).
import motcua_desktop.services.users  # noqa: E402, F401, I001
from motcua_desktop.ui import pyside_compat  # noqa: F401  (must run before any Qt call)
