"""A keyboard-first answer grid for paper forms: a digit picks the level and the cursor moves on.

Used by the batch entry of satisfaction forms (levels 1–5) and by the per-dossier
evaluation (indicators 0/1/2). Only the values a row offers can be typed, so an
out-of-range answer cannot be entered; Space (and 0 where 0 is not a value)
leaves a question blank, Backspace goes back one question.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

GRID_STYLE = """
QFrame#answerGrid { background: #ffffff; border: 1px solid #ced4da; border-radius: 4px; }
QFrame#answerGrid:focus { border: 2px solid #1d3557; }
QLabel[role="number"] { font-size: 11pt; color: #555555; padding: 2px 6px; }
QLabel[role="question"] { font-size: 11pt; padding: 2px 6px; }
QLabel[role="header"] { font-size: 9pt; color: #555555; padding: 0 2px; }
QLabel[current="true"] { background: #e7f0fb; }
QLabel[role="question"][current="true"] { font-weight: bold; color: #1d3557; }
QLabel[role="chip"] {
    font-size: 12pt; min-width: 34px; min-height: 26px;
    border: 1px solid #ced4da; border-radius: 13px; color: #6c757d; background: #f8f9fa;
}
QLabel[role="chip"][current="true"] { border-color: #457b9d; }
QLabel[role="chip"][picked="true"] {
    background: #1d3557; color: #ffffff; border-color: #1d3557; font-weight: bold;
}
QLabel[role="blank"] { font-size: 10pt; color: #a4161a; padding: 0 6px; }
"""
DIGITS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
BLANK_MARK = "—"


@dataclass(frozen=True)
class GridRow:
    """One question: its id, the text shown and the values that may be typed with their captions."""

    key: str
    label: str
    choices: tuple[tuple[int, str], ...]
    number: str = ""

    def values(self) -> tuple[int, ...]:
        return tuple(value for value, _caption in self.choices)


def _restyle(label: QLabel, **props) -> None:
    """Set the style properties; re-polish only on a change (polishing is the costly part)."""
    changed = False
    for name, value in props.items():
        text = "true" if value else "false"
        if label.property(name) != text:
            label.setProperty(name, text)
            changed = True
    if not changed:
        return
    label.style().unpolish(label)
    label.style().polish(label)


class AnswerGrid(QFrame):
    """Rows of questions with one chip per allowed value; the current row is highlighted.

    ``completed`` fires when the cursor moves past the last row, ``back_out``
    when Backspace is pressed on the first row, ``submitted`` on Enter.
    """

    changed = Signal()
    completed = Signal()
    back_out = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None, *, headers: tuple[str, ...] = ()) -> None:
        super().__init__(parent, objectName="answerGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(GRID_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.rows: list[GridRow] = []
        self.answers: dict[str, int | None] = {}
        self.current = 0
        self.visited: set[str] = set()
        self._layout = QGridLayout(self)
        self._layout.setHorizontalSpacing(6)
        self._layout.setVerticalSpacing(3)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._headers: list[QLabel] = []
        self._header_texts = headers
        self._cells: list[tuple[QLabel, QLabel, dict[int, QLabel], QLabel]] = []
        self.chip_width = 48
        self.question_width = 360

    # -- structure -------------------------------------------------------------

    def set_rows(self, rows: list[GridRow], headers: tuple[str, ...] | None = None) -> None:
        """Rebuild the grid for ``rows``; ``headers`` caption the value columns (optional)."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if headers is not None:
            self._header_texts = headers
        self.rows = list(rows)
        self._cells = []
        self._headers = []
        width = max((len(r.choices) for r in self.rows), default=0)
        top = 0
        if self._header_texts:
            for col, text in enumerate(self._header_texts[:width]):
                header = QLabel(text, self, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
                header.setProperty("role", "header")
                header.setMaximumWidth(self.chip_width + 40)
                self._layout.addWidget(header, 0, 2 + col)
                self._headers.append(header)
            top = 1
        for index, row in enumerate(self.rows):
            number = QLabel(row.number or f"{index + 1}.", self)
            number.setProperty("role", "number")
            question = QLabel(row.label, self, wordWrap=True)
            question.setProperty("role", "question")
            question.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
            question.setMinimumWidth(self.question_width)
            chips = {}
            for col, (value, caption) in enumerate(row.choices):
                chip = QLabel(caption, self, alignment=Qt.AlignmentFlag.AlignCenter)
                chip.setProperty("role", "chip")
                chip.setMinimumWidth(self.chip_width)
                chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
                chip.setObjectName(f"chip_{row.key}_{value}")
                self._layout.addWidget(chip, top + index, 2 + col)
                chips[value] = chip
            blank = QLabel(self)
            blank.setProperty("role", "blank")
            self._layout.addWidget(number, top + index, 0)
            self._layout.addWidget(question, top + index, 1)
            self._layout.addWidget(blank, top + index, 2 + width)
            self._cells.append((number, question, chips, blank))
        self._layout.setColumnStretch(1, 1)
        for col in range(width):
            self._layout.setColumnMinimumWidth(2 + col, self.chip_width + 16)
        self.reset()

    def set_headers(self, headers: tuple[str, ...]) -> None:
        self._header_texts = headers
        for label, text in zip(self._headers, headers, strict=False):
            label.setText(text)

    def set_blank_text(self, text: str) -> None:
        self._blank_text = text
        self._refresh()

    # -- values ----------------------------------------------------------------

    def reset(
        self, answers: dict[str, int | None] | None = None, current: int = 0, *, seen: bool = False
    ) -> None:
        """Clear (or load ``answers``) and put the cursor on row ``current``.

        ``seen``: the rows count as gone through (a saved form), so its blanks are flagged.
        """
        self.answers = {row.key: None for row in self.rows}
        self.visited = {row.key for row in self.rows} if seen else set()
        for key, value in (answers or {}).items():
            if key in self.answers and (value is None or value in self._row(key).values()):
                self.answers[key] = value
                if value is not None:
                    self.visited.add(key)
        self.current = max(0, min(current, len(self.rows)))
        self._refresh()
        self.changed.emit()

    def values(self) -> dict[str, int | None]:
        return dict(self.answers)

    def passed(self, key: str) -> bool:
        """True once the cursor has been on and left row ``key`` (or the row was loaded)."""
        index = next((i for i, row in enumerate(self.rows) if row.key == key), len(self.rows))
        return key in self.visited or index < self.current

    def skipped(self) -> list[str]:
        """Ids of the rows passed over without a value: the blanks to flag."""
        return [r.key for r in self.rows if self.answers[r.key] is None and self.passed(r.key)]

    def set_value(self, value: int | None) -> bool:
        """Answer the current row and move on; False (nothing changes) for a value it does not offer."""
        if self.current >= len(self.rows):
            return False
        row = self.rows[self.current]
        if value is not None and value not in row.values():
            return False
        self.answers[row.key] = value
        self.visited.add(row.key)
        self.move_to(self.current + 1)
        self.changed.emit()
        return True

    def move_to(self, index: int) -> None:
        before = self.current
        self.current = max(0, min(index, len(self.rows)))
        self._refresh()
        if self.current == len(self.rows) and before < len(self.rows):
            self.completed.emit()

    def _row(self, key: str) -> GridRow:
        return next(row for row in self.rows if row.key == key)

    # -- keys ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
            return
        if key in DIGITS:
            digit = DIGITS[key]
            row = self.rows[self.current] if self.current < len(self.rows) else None
            if row is not None and digit in row.values():
                self.set_value(digit)
            elif row is not None and digit == 0:
                self.set_value(None)
            event.accept()  # any other digit is out of range: ignored, never stored
            return
        if key == Qt.Key.Key_Space:
            self.set_value(None)
        elif key == Qt.Key.Key_Backspace:
            if self.current == 0:
                self.back_out.emit()
            else:
                self.move_to(self.current - 1)
        elif key == Qt.Key.Key_Up:
            self.move_to(self.current - 1)
        elif key == Qt.Key.Key_Down:
            self.move_to(self.current + 1)
        elif key in (Qt.Key.Key_Home,):
            self.move_to(0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt)
        """A click on a chip answers that row (the keyboard stays the fast way)."""
        self.setFocus()
        child = self.childAt(event.position().toPoint())
        for index, (_n, _q, chips, _b) in enumerate(self._cells):
            for value, chip in chips.items():
                if chip is child:
                    self.current = index
                    self.set_value(value)
                    return
        super().mousePressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().focusInEvent(event)
        self._refresh()

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().focusOutEvent(event)
        self._refresh()

    # -- painting ----------------------------------------------------------------

    def _refresh(self) -> None:
        blank_text = getattr(self, "_blank_text", BLANK_MARK)
        for index, (number, question, chips, blank) in enumerate(self._cells):
            row = self.rows[index]
            here = index == self.current and self.hasFocus()
            _restyle(number, current=here)
            _restyle(question, current=here)
            value = self.answers.get(row.key)
            for chip_value, chip in chips.items():
                _restyle(chip, current=here, picked=chip_value == value)
            blank.setText(blank_text if value is None and self.passed(row.key) else "")
