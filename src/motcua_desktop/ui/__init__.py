"""The PySide6 desktop user interface; the only layer that imports Qt."""
