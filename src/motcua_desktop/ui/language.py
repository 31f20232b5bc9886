"""Live language switching: widgets re-run ``retranslate_ui()`` when the language changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from motcua_desktop.i18n import LANGUAGES, N_, current_language, set_language

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}  # each in its own language
LANGUAGE_LABEL = N_("Language")


class _Notifier(QObject):
    language_changed = Signal()


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def translate_ui(widget: QWidget) -> None:
    """Set ``widget``'s texts now and again after every language switch (Frescobaldi's translateUI)."""
    widget.retranslate_ui()
    notifier().language_changed.connect(widget.retranslate_ui)


def switch_language(lang: str) -> None:
    """Change the UI language and retranslate every registered widget."""
    if lang not in LANGUAGES:
        return
    if lang == current_language():
        return
    set_language(lang)
    notifier().language_changed.emit()
