"""Keyboard shortcuts local to one tab or panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def shortcut(parent: QWidget, keys: str, slot) -> QShortcut:
    """A key of one tab: active only while that tab (or a widget in it) has the focus."""
    sc = QShortcut(QKeySequence(keys), parent, slot)
    sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return sc
