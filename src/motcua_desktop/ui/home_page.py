"""The home screen: the commune, who is at the desk, and today's figures as tiles that open their lists."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from motcua_desktop.i18n import _, format_number, format_ui_date
from motcua_desktop.services import dossier_list
from motcua_desktop.services.dossier_list import DossierFilter, HomeCounts, QuickView

# (HomeCounts field, quick view or None for "received today", accent colour)
TILES = (
    ("today_intake", None, "#1f5fa8"),
    ("due_today", QuickView.DUE_TODAY, "#b26a00"),
    ("overdue", QuickView.OVERDUE, "#a4000f"),
    ("awaiting_supplement", QuickView.AWAITING_SUPPLEMENT, "#6a3d9a"),
    ("ready_for_pickup", QuickView.READY_FOR_PICKUP, "#2e7d32"),
)
TILE_STYLE = """
QPushButton#tile_{name} {{
    border: 1px solid #c8ccd2; border-left: 6px solid {accent};
    border-radius: 4px; background: #ffffff;
}}
QLabel#tile_{name}_figure {{ color: {accent}; }}
QLabel#tile_{name}_caption {{ color: #1b1f24; font-size: 11pt; }}
QPushButton#tile_{name}:hover {{ background: #f3f6fa; }}
QPushButton#tile_{name}:focus {{ border: 2px solid {accent}; border-left: 6px solid {accent}; }}
"""


class Tile(QPushButton):
    """A large button: the figure big on top, what it counts beneath."""

    def __init__(self, name: str) -> None:
        super().__init__(objectName=f"tile_{name}")
        self.figure = QLabel(objectName=f"tile_{name}_figure")
        self.caption = QLabel(objectName=f"tile_{name}_caption")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.figure.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 12, 10)
        layout.setSpacing(0)
        for label in (self.figure, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setStyleSheet("background: transparent; border: none;")
            layout.addWidget(label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(96)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_values(self, figure: str, caption: str) -> None:
        self.figure.setText(figure)
        self.caption.setText(caption)
        self.setAccessibleName(f"{caption}: {figure}")


class HomePage(QWidget):
    """Welcome line and five tiles; a click emits ``open_list`` with the tile's filter."""

    open_list = Signal(object)  # DossierFilter

    def __init__(self, ctx, user, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self.commune_name = ""
        self.counts: HomeCounts | None = None
        self.loads = 0  # answers received (tests wait on it)

        self.title = QLabel(objectName="home_title")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.greeting = QLabel(objectName="home_greeting")
        self.today = QLabel(objectName="home_today")
        self.tips = QLabel(wordWrap=True, objectName="home_tips")
        self.tips.setStyleSheet("color: #555b63;")

        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(14)
        style = ""
        for i, (name, view, accent) in enumerate(TILES):
            tile = Tile(name)
            tile.clicked.connect(lambda _c=False, n=name, v=view: self._open(n, v))
            style += TILE_STYLE.format(name=name, accent=accent)
            self.tiles[name] = tile
            grid.addWidget(tile, i // 3, i % 3)
        self.setStyleSheet(style)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        for widget in (self.title, self.greeting, self.today):
            layout.addWidget(widget)
        layout.addSpacing(18)
        layout.addLayout(grid)
        layout.addSpacing(18)
        layout.addWidget(self.tips)
        layout.addStretch(1)

        runner.changed.connect(self._on_changed)
        self.reload()

    def retranslate_ui(self) -> None:
        self.title.setText(self.commune_name or _("One-stop desk"))
        self.greeting.setText(_("Welcome, {name}.").format(name=self.user.full_name))
        self.today.setText(_("Today is {date}.").format(date=format_ui_date(date.today())))
        self.tips.setText(
            _(
                "Ctrl+N starts a new intake. F3 or Ctrl+F searches dossiers; scanning a slip's "
                "barcode opens its dossier. Alt+1 to Alt+9 and Alt+0 switch between pages. "
                "F1 shows the program's version and data folder."
            )
        )
        labels = {
            "today_intake": _("Received today"),
            "due_today": _("Due today"),
            "overdue": _("Overdue"),
            "awaiting_supplement": _("Awaiting supplement"),
            "ready_for_pickup": _("Ready for pickup"),
        }
        for name, tile in self.tiles.items():
            n = "…" if self.counts is None else format_number(getattr(self.counts, name))
            tile.set_values(n, labels[name])

    def focus_first(self) -> None:
        self.tiles["today_intake"].setFocus()

    # -- loading -----------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(dossier_list.home_counts, self.ctx, on_success=self._loaded)

    def _loaded(self, counts: HomeCounts) -> None:
        self.counts = counts
        self.loads += 1
        self.retranslate_ui()

    def _on_changed(self, tag: str) -> None:
        if tag not in ("profile", "catalogue", "calendar"):
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.counts is not None:  # figures move with the clock (due today, overdue)
            self.reload()

    def _open(self, name: str, view: QuickView | None) -> None:
        if view is None:
            today = date.today()
            self.open_list.emit(DossierFilter(received_from=today, received_to=today))
        else:
            self.open_list.emit(DossierFilter(view=view))
