"""The dossier view's read-only parts: status names and colours, detail forms and history tables."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from motcua_desktop.domain.dossier import Channel, DossierRecord, ResultDelivery, Status
from motcua_desktop.domain.lifecycle import EVENT_KIND_NAMES
from motcua_desktop.domain.privacy import is_purged_name
from motcua_desktop.i18n import N_, _, format_money, format_ui_datetime

STATUS_NAMES = {
    Status.REGISTERED: N_("Registered"),
    Status.ACCEPTED: N_("Accepted"),
    Status.NOT_ACCEPTED: N_("Not accepted"),
    Status.PROCESSING: N_("Processing"),
    Status.SUPPLEMENT_REQUESTED: N_("Supplement requested"),
    Status.AWAITING_PAYMENT: N_("Awaiting payment"),
    Status.WITHDRAWN: N_("Withdrawn"),
    Status.STOPPED: N_("Stopped"),
    Status.FINISHED: N_("Finished, ready to return"),
    Status.RESULT_RETURNED: N_("Result returned"),
}
# (background, text): blue in work, amber waiting on the citizen, green done, grey closed.
STATUS_COLOURS = {
    Status.REGISTERED: ("#e7f0fa", "#1d3557"),
    Status.ACCEPTED: ("#e7f0fa", "#1d3557"),
    Status.PROCESSING: ("#d0e4f7", "#1d3557"),
    Status.SUPPLEMENT_REQUESTED: ("#fff3bf", "#7a4f01"),
    Status.AWAITING_PAYMENT: ("#fff3bf", "#7a4f01"),
    Status.FINISHED: ("#d8f3dc", "#1b4332"),
    Status.RESULT_RETURNED: ("#b7e4c7", "#1b4332"),
    Status.NOT_ACCEPTED: ("#e9ecef", "#495057"),
    Status.WITHDRAWN: ("#e9ecef", "#495057"),
    Status.STOPPED: ("#fde2e1", "#a4161a"),
}
CHANNEL_NAMES = {
    Channel.IN_PERSON: N_("In person"),
    Channel.ONLINE: N_("Online"),
    Channel.POSTAL: N_("By post"),
}
DELIVERY_NAMES = {ResultDelivery.DESK: N_("At the desk"), ResultDelivery.POST: N_("By post")}
TIMELINESS_NAMES = {"early": N_("early"), "on_time": N_("on time"), "late": N_("late")}
# Intake and lifecycle kinds come from the domain; printing writes "printed".
EVENT_NAMES = {**EVENT_KIND_NAMES, "printed": N_("Printed")}
SLIP_NAMES = {
    "receipt": N_("Receipt and appointment (form 01)"),
    "supplement": N_("Request to supplement (form 02)"),
    "refusal": N_("Refusal (form 03)"),
    "apology": N_("Apology and extension (form 04)"),
    "stop": N_("Stop notice (form 05)"),
    "control_sheet": N_("Process control sheet (form 06)"),
}
SECTION_STYLE = """
QLabel#sectionTitle {
    font-size: 12pt; font-weight: bold; color: #1d3557;
    border-bottom: 2px solid #a8dadc; padding-top: 12px; padding-bottom: 2px;
}
QLabel#fieldLabel { color: #555555; }
QTableWidget { font-size: 10pt; }
QHeaderView::section { font-weight: bold; padding: 3px 6px; }
"""

VIEW_STYLE = (
    SECTION_STYLE
    + """
QLabel#dossierCode { font-size: 20pt; font-weight: bold; color: #1d3557; }
QLabel#statusPill { font-size: 12pt; font-weight: bold; border-radius: 10px; padding: 3px 12px; }
QLabel#procedure { font-size: 12pt; }
QLabel#dates { font-size: 11pt; color: #333333; }
QLabel#deadline { font-size: 11pt; font-weight: bold; border-radius: 4px; padding: 6px 10px; }
QLabel#deadline[level="ok"] { background: #d8f3dc; color: #1b4332; border: 1px solid #52b788; }
QLabel#deadline[level="soon"] { background: #fff3bf; color: #7a4f01; border: 1px solid #f0b429; }
QLabel#deadline[level="late"] { background: #fde2e1; color: #a4161a; border: 1px solid #a4161a; }
QLabel#deadline[level="paused"] { background: #e7f0fa; color: #1d3557; border: 1px solid #7aa6d6; }
QFrame#actionPanel { background: #f4f6f8; border-left: 1px solid #d0d7de; }
QFrame#actionPanel QPushButton { text-align: left; padding: 7px 10px; font-size: 10.5pt; }
QLabel#panelTitle { font-weight: bold; color: #1d3557; font-size: 11pt; }
"""
)


def status_name(status: Status) -> str:
    return _(STATUS_NAMES.get(status, str(int(status))))


def slip_name(kind: str) -> str:
    return _(SLIP_NAMES[kind]) if kind in SLIP_NAMES else kind


def event_name(kind: str) -> str:
    return _(EVENT_NAMES[kind]) if kind in EVENT_NAMES else kind.replace("_", " ").capitalize()


def when(value) -> str:
    """A time for the screen; event data keeps times as ISO text."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return format_ui_datetime(value) if value else "—"


def section_title(parent: QWidget) -> QLabel:
    return QLabel(parent, objectName="sectionTitle")


class DetailsForm(QWidget):
    """Label: value rows whose values can be selected and copied."""

    def __init__(self, keys: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 4, 0, 0)
        self.layout_.setHorizontalSpacing(14)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in keys:
            label = QLabel(self, objectName="fieldLabel")
            value = QLabel(self, wordWrap=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"value_{key}")
            self.labels[key], self.values[key] = label, value
            self.layout_.addRow(label, value)

    def set_labels(self, texts: dict[str, str]) -> None:
        for key, text in texts.items():
            self.labels[key].setText(text)

    def set_values(self, texts: dict[str, str]) -> None:
        for key, text in texts.items():
            self.values[key].setText(text or "—")


def make_table(parent: QWidget, name: str, columns: int, stretch: int) -> QTableWidget:
    """A read-only table of one-line rows; column ``stretch`` takes the spare width."""
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)  # one line a row; the full text is in the tooltip
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)  # Tab moves on to the next section, arrows move rows
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return table


def fill_table(
    table: QTableWidget, rows: list[list[str]], *, max_rows: int = 10, select: bool = False
) -> None:
    """Replace the rows and size the table to show up to ``max_rows`` without scrolling."""
    table.clearSelection()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text.replace("\n", " "))
            item.setToolTip(text)
            table.setItem(r, c, item)
    row_height = table.verticalHeader().defaultSectionSize()
    shown = min(max(len(rows), 1), max_rows)
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    table.setFixedHeight(height + shown * row_height + 2)
    if select and rows:
        table.setCurrentCell(0, 0)
    else:
        table.setCurrentCell(-1, -1)


def applicant_values(record: DossierRecord) -> dict[str, str]:
    a = record.applicant
    owner = ", ".join(p for p in (record.owner_name, record.owner_address) if p)
    return {
        # The retention purge leaves a fixed marker in the name (domain.privacy).
        "name": _("[personal data purged]") if is_purged_name(a.name) else a.name,
        "id_number": a.id_number,
        "phone": a.phone,
        "email": a.email,
        "address": a.address,
        "owner": owner,
    }


def applicant_labels() -> dict[str, str]:
    return {
        "name": _("Applicant"),
        "id_number": _("ID number"),
        "phone": _("Phone"),
        "email": _("Email"),
        "address": _("Address"),
        "owner": _("Owner"),
    }


def service_values(record: DossierRecord) -> dict[str, str]:
    extra = record.extra or {}
    fee = format_money(record.fee_vnd) if record.fee_vnd else _("No fee")
    handler = extra.get("handling_official_name") or ""
    units = [record.handling_unit] if record.handling_unit else []
    co_units = extra.get("co_handling_units") or []
    if co_units:
        units.append(_("(with {units})").format(units=", ".join(co_units)))
    book = ""
    if record.book_number:
        book = _("Book {book}, no. {serial}").format(
            book=record.book_number, serial=record.book_serial
        )
    return {
        "fee": fee,
        "channel": _(CHANNEL_NAMES.get(record.channel, str(int(record.channel)))),
        "delivery": _(DELIVERY_NAMES.get(record.result_delivery, record.result_delivery)),
        "time": record.processing_text,
        "handler": handler,
        "unit": " ".join(units),
        "book": book,
        "clerk": record.created_by_name or record.created_by,
    }


def service_labels() -> dict[str, str]:
    return {
        "fee": _("Fee"),
        "channel": _("Channel"),
        "delivery": _("Result delivery"),
        "time": _("Processing time"),
        "handler": _("Handling official"),
        "unit": _("Handling unit"),
        "book": _("Tracking book"),
        "clerk": _("Received by"),
    }


def return_text(record: DossierRecord, events=()) -> str:
    """How the result went back: desk (who, ID checked) or post (tracking)."""
    extra = record.extra or {}
    returned = [e for e in events if e.kind == "result_returned"]
    data = returned[-1].data if returned else {}
    method = extra.get("return_method")
    if not method:
        return ""
    if method == ResultDelivery.POST:
        return _("Sent by post, tracking {tracking}").format(
            tracking=extra.get("post_tracking") or "—"
        )
    text = _("Collected at the desk by {name}").format(name=extra.get("returned_to") or "—")
    if data.get("id_checked"):
        text += " · " + _("ID checked")
    return text


def component_rows(record: DossierRecord) -> list[list[str]]:
    rows = []
    for i, c in enumerate(record.components, 1):
        state = _("MISSING") if c.missing else ("" if c.required else _("optional"))
        rows.append(
            [str(i), c.name, str(c.originals), str(c.certified_copies), str(c.photocopies), state]
        )
    return rows


def component_headers() -> list[str]:
    return ["#", _("Component"), _("Originals"), _("Certified"), _("Photocopies"), ""]


def event_rows(events) -> list[list[str]]:
    rows = []
    for e in reversed(events):  # newest first: the clerk looks for what just happened
        what = event_name(e.kind)
        if e.kind == "printed" and e.data.get("slip"):
            what = _("Printed: {slip}").format(slip=slip_name(e.data["slip"]))
        status = ""
        if e.to_status is not None and e.to_status != e.from_status:
            status = status_name(e.to_status)
        note = e.note or e.data.get("reason") or ""
        if e.data.get("new_due_at"):
            note = "{note} ({label} {due})".format(
                note=note, label=_("new due"), due=when(e.data["new_due_at"])
            ).strip()
        rows.append([when(e.at), e.actor_name or e.actor_username, what, status, note])
    return rows


def event_headers() -> list[str]:
    return [_("Time"), _("Who"), _("What"), _("New status"), _("Note or reason")]


def handover_rows(handovers) -> list[list[str]]:
    rows = []
    for h in handovers:
        result = getattr(h, "result", "") or ""
        target = getattr(h, "to_name", "")
        if getattr(h, "to_unit", "") and h.to_unit != target:
            target = f"{target} ({h.to_unit})"
        rows.append(
            [
                when(getattr(h, "at", None)),
                getattr(h, "from_name", "") or "",
                target,
                _(TIMELINESS_NAMES[result]) if result in TIMELINESS_NAMES else result,
                getattr(h, "note", "") or "",
            ]
        )
    return rows


def handover_headers() -> list[str]:
    return [_("Time"), _("From"), _("To"), _("Result"), _("Note")]


def document_rows(documents, printed_by: dict[str, str]) -> list[list[str]]:
    return [
        [slip_name(d.kind), when(d.created_at), printed_by.get(d.id, ""), d.path.name]
        for d in reversed(documents)
    ]


def document_headers() -> list[str]:
    return [_("Document"), _("Printed"), _("By"), _("File")]


def dates_text(snap) -> str:
    """The header's dates: received, due (and the original when extended), paused, finished."""
    record = snap.record
    parts = [_("Received: <b>{at}</b>").format(at=when(record.received_at))]
    if record.due_at is not None:
        parts.append(_("Due: <b>{at}</b>").format(at=when(record.due_at)))
        original = snap.original_due
        if original is not None and original != record.due_at:
            parts.append(_("originally {at}").format(at=when(original)))
    if snap.paused_at is not None:
        parts.append(_("paused since {at}").format(at=when(snap.paused_at)))
    if record.extra.get("finished_at"):
        parts.append(_("Finished: {at}").format(at=when(record.extra["finished_at"])))
    return " &nbsp;·&nbsp; ".join(parts)
