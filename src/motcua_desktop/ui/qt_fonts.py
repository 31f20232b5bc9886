"""The documents' fonts (Liberation Serif) made known to Qt, once, when a screen first draws with them."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFontDatabase

from motcua_desktop.paths import fonts_dir


@cache
def ensure_document_fonts() -> tuple[str, ...]:
    """Register the shipped TTFs with Qt; the families Qt now knows (empty if none loaded).

    The charts shown on screen are the PDF's own ReportLab drawings rendered to
    SVG, which name "Liberation Serif"; without it Qt falls back to another
    face and right-aligned labels run into the axis.
    """
    families: list[str] = []
    for path in sorted(fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return tuple(dict.fromkeys(families))
