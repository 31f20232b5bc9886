"""The checklist runner's parts: the item list and the pane that shows and answers one item."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import _, format_ui_date, format_ui_datetime
from motcua_desktop.ui.checklist_model import VERDICT_COLOURS, VERDICT_LABELS, Answer, verdict_text

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
CLOSED_STYLE = "background: #e8eef7; border: 1px solid #8aa4c8; border-radius: 4px; padding: 8px;"
EVIDENCE_STYLE = "background: #f3f8ee; border: 1px solid #b9d3a5; border-radius: 4px; padding: 6px;"


def title_label() -> QLabel:
    """The run's title, bold and a quarter larger."""
    title = QLabel(objectName="run_title", wordWrap=True)
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    title.setFont(font)
    return title


def meta_text(run) -> str:
    """The line under the title: date, revision, scope and auditors."""
    return _("{date} · revision {revision} · scope: {scope} · auditors: {auditors}").format(
        date=format_ui_date(run.run_on),
        revision=run.revision,
        scope=run.scope or "—",
        auditors=", ".join(run.auditors or []) or "—",
    )


def banner_text(run) -> str:
    """The closed run's banner: who signed, when, and how to correct it."""
    when = format_ui_datetime(run.closed_at) if run.closed_at else ""
    return _(
        "Closed and signed by {name} at {when}. It can no longer be changed; "
        "a correction is a new revision (Revise on the Checklists tab)."
    ).format(name=run.signed_by_name or "—", when=when)


def item_tree() -> QTreeWidget:
    """The list of items under their section headings, with a verdict column."""
    tree = QTreeWidget(objectName="checklist_items")
    tree.setColumnCount(2)
    tree.setUniformRowHeights(False)
    tree.setWordWrap(True)
    tree.setAlternatingRowColors(True)
    tree.setStyleSheet("QTreeWidget::item { padding: 4px 2px; }")
    tree.header().setStretchLastSection(False)
    tree.setColumnWidth(1, 170)
    tree.header().setSectionResizeMode(0, tree.header().ResizeMode.Stretch)
    return tree


def fill_tree(
    tree: QTreeWidget, template, answers: dict[str, Answer]
) -> dict[str, QTreeWidgetItem]:
    """Put the template's sections and items in ``tree``; the item rows by item id."""
    rows: dict[str, QTreeWidgetItem] = {}
    for section in template.sections:
        head = QTreeWidgetItem([section.title, ""])
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(tree.font())
        font.setBold(True)
        head.setFont(0, font)
        tree.addTopLevelItem(head)
        head.setFirstColumnSpanned(True)
        head.setToolTip(0, section.title)
        for item in section.items:
            mark = item.label or item.clause or item.id
            row = QTreeWidgetItem(head, [f"{mark}. {item.text}", ""])
            row.setData(0, ITEM_ROLE, item.id)
            row.setToolTip(0, item.text)
            rows[item.id] = row
            paint_row(row, answers.get(item.id))
    return rows


def paint_row(row: QTreeWidgetItem, answer: Answer | None) -> None:
    """Show the row's verdict in its colour, or a grey dash."""
    verdict = answer.verdict if answer else None
    row.setText(1, verdict_text(verdict) or "—")
    row.setForeground(1, Qt.GlobalColor.gray if not verdict else Qt.GlobalColor.black)
    if verdict:
        row.setForeground(1, QColor(VERDICT_COLOURS[verdict]))


class ItemPane(QWidget):
    """One item: its text and guidance, the program's figure, the verdict, note and files."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.item_text = QLabel(objectName="item_text", wordWrap=True)
        bold = QFont(self.item_text.font())
        bold.setBold(True)
        self.item_text.setFont(bold)
        self.guidance_caption = QLabel()
        self.guidance = QLabel(objectName="item_guidance", wordWrap=True)
        self.evidence_caption = QLabel()
        self.evidence = QLabel(objectName="item_evidence", wordWrap=True)
        self.evidence.setStyleSheet(EVIDENCE_STYLE)
        self.verdict_buttons: dict[str, QPushButton] = {}
        verdicts = QHBoxLayout()
        for verdict in VERDICT_LABELS:
            button = QPushButton(checkable=True, objectName=f"verdict_{verdict}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the list to the note
            verdicts.addWidget(button)
            self.verdict_buttons[verdict] = button
        self.note_caption = QLabel()
        self.note = QPlainTextEdit(objectName="evidence_note", maximumHeight=180)
        self.note.setTabChangesFocus(True)
        self.note_caption.setBuddy(self.note)
        self.files_caption = QLabel()
        self.files = QListWidget(objectName="attachments", maximumHeight=90)
        self.files.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.attach_button = QPushButton(objectName="attach")
        self.hint = QLabel(objectName="keys_hint", wordWrap=True)
        self.hint.setStyleSheet("color: #555;")

        right = QVBoxLayout(self)
        right.setContentsMargins(12, 0, 0, 0)
        right.addWidget(self.item_text)
        right.addWidget(self.guidance_caption)
        right.addWidget(self.guidance)
        right.addWidget(self.evidence_caption)
        right.addWidget(self.evidence)
        right.addLayout(verdicts)
        right.addWidget(self.note_caption)
        right.addWidget(self.note)
        right.addWidget(self.files_caption)
        right.addWidget(self.files)
        right.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.hint)
        right.addStretch(1)

    def retranslate_ui(self) -> None:
        self.guidance_caption.setText(_("What to look at:"))
        self.evidence_caption.setText(_("What the program knows:"))
        for n, (verdict, button) in enumerate(self.verdict_buttons.items(), start=1):
            button.setText(f"{n}  {_(VERDICT_LABELS[verdict])}")
        self.note_caption.setText(_("&Evidence note:"))
        self.note.setPlaceholderText(_("What you saw: documents, dossiers, people asked…"))
        self.files_caption.setText(_("Attached files:"))
        self.attach_button.setText(_("Attach a file… (Ctrl+O)"))
        self.hint.setText(
            _(
                "Keys: 1 conforming, 2 minor, 3 major, 4 or N not applicable; the cursor moves "
                "to the next unanswered item. Tab writes the note; Esc goes back to the list."
            )
        )

    def set_read_only(self, closed: bool) -> None:
        self.note.setReadOnly(closed)
        self.attach_button.setEnabled(not closed)
        for button in self.verdict_buttons.values():
            button.setEnabled(not closed)

    def show_item(self, item, figure: str, answer: Answer | None) -> None:
        """Show ``item`` (None: nothing), the program's ``figure`` and the answer so far."""
        self.item_text.setText(item.text if item else "")
        self.guidance.setText(item.guidance if item else "")
        self.evidence.setText(figure)
        self.evidence.setVisible(bool(figure))
        self.evidence_caption.setVisible(bool(figure))
        for verdict, button in self.verdict_buttons.items():
            button.setChecked(answer is not None and answer.verdict == verdict)
        self.note.setPlainText(answer.evidence if answer else "")
        self.files.clear()
        self.files.addItems(answer.attachments if answer else [])
