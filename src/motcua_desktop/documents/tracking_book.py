"""Form 07: the tracking book (Sổ theo dõi hồ sơ), A4 landscape, laid out a page at a time."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.fonts import BOLD, ITALIC, REGULAR
from motcua_desktop.documents.formatting import markup, nfc
from motcua_desktop.documents.header import CenteredRule
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.styles import SlipStyles, styles_for
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.i18n import legal_date

TITLE = "SỔ THEO DÕI HỒ SƠ"
HEADINGS = (
    "TT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ (ngày giờ)",
    "Hẹn trả kết quả",
    "Trả kết quả (ngày giờ)",
    "Phương thức nhận kết quả",
    "Ký nhận",
)
WIDTHS_MM = (10, 27, 39, 30, 40, 26, 19, 19, 19, 18, 15)  # 262 mm: the A4 landscape frame
DELIVERY_TEXT = {"desk": "Trực tiếp", "post": "Bưu chính công ích"}
CELL_PAD = 2.0
MAX_CELL_CHARS = 400  # a row must always fit on one page
SHARED_LIMIT = 2000  # distinct procedure names, units and delivery texts kept laid out


@dataclass(frozen=True)
class BookRow:
    """One line of the book, as plain values. ``delivery`` is "desk", "post" or free text."""

    serial: int
    code: str
    procedure_name: str
    applicant_name: str
    address: str = ""
    phone: str = ""
    handling_unit: str = ""
    received_at: datetime | None = None
    due_at: datetime | None = None
    returned_at: datetime | None = None
    delivery: str = ""
    collected_by: str = ""  # who signed for the result, printed in "Ký nhận"


def _stamp(value: datetime | None) -> str:
    return f"{value:%H:%M}\n{value:%d/%m/%Y}" if value is not None else ""


def _text(value: str) -> str:
    text = nfc(value).strip()
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return markup(text)


def _code(value: str, style, width: float) -> str:
    """The code on one line when it fits, else broken after the agency part."""
    code = nfc(value).strip()
    head, sep, tail = code.partition("-")
    if not sep or stringWidth(code, style.fontName, style.fontSize) <= width:
        return code
    return f"{head}-\n{tail}"


class _Cached(Paragraph):
    """A paragraph that remembers its last layout: a procedure's name or a unit repeats on
    hundreds of lines, and one shared object is laid out once per width, not once per line."""

    _laid_out_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._laid_out_for != availWidth:
            super().wrap(availWidth, availHeight)
            self._laid_out_for = availWidth
        return self.width, self.height


class _Cells:
    """Paragraph styles and column widths of the book table."""

    def __init__(self, styles: SlipStyles) -> None:
        base = styles.cell
        name = styles.page.name
        self.cell = base.clone(f"{name}-book", fontSize=10, leading=11.5)
        self.center = self.cell.clone(f"{name}-book-center", alignment=1)
        self.head = self.center.clone(f"{name}-book-head", fontName=BOLD)
        self.note = self.center.clone(f"{name}-book-note", fontName=ITALIC, fontSize=9)
        self.widths = [w * mm for w in WIDTHS_MM]
        self.pad = CELL_PAD
        self._shared: dict[tuple[str, str], Paragraph] = {}

    def shared(self, text: str, style) -> Paragraph:
        """One paragraph object per repeated text (bounded: a new one past the limit)."""
        key = (style.name, text)
        found = self._shared.get(key)
        if found is None:
            found = _Cached(text, style)
            if len(self._shared) < SHARED_LIMIT:
                self._shared[key] = found
        return found

    def measure(self, cells: list[Paragraph | str]) -> float:
        """The height of a row: its tallest cell plus the padding."""
        tallest = 0.0
        for cell, width in zip(cells, self.widths, strict=True):
            if isinstance(cell, str):  # plain text: one line per "\n", no wrapping
                height = (cell.count("\n") + 1) * self.cell.leading
            else:
                height = cell.wrap(width - 2 * self.pad, 1e6)[1]
            tallest = max(tallest, height)
        return tallest + 2 * self.pad

    def heading(self) -> list[Paragraph]:
        return [Paragraph(text, self.head) for text in HEADINGS]

    def row(self, r: BookRow) -> list[Paragraph | str]:
        """The cells of one line; short fixed-form values are plain strings (much faster)."""
        c, cc = self.cell, self.center
        place = "<br/>".join(t for t in (_text(r.address), _text(r.phone)) if t)
        delivery = DELIVERY_TEXT.get(r.delivery, r.delivery)
        return [
            str(r.serial),
            _code(r.code, c, self.widths[1] - 2 * self.pad),
            self.shared(_text(r.procedure_name), c),
            Paragraph(_text(r.applicant_name), c),
            Paragraph(place, c),
            self.shared(_text(r.handling_unit), c),
            _stamp(r.received_at),
            _stamp(r.due_at),
            _stamp(r.returned_at),
            self.shared(_text(delivery), cc),
            Paragraph(_text(r.collected_by), self.note) if r.collected_by.strip() else "",
        ]

    def table(self, rows: list[list[Paragraph | str]], heights: list[float]) -> Table:
        table = Table(rows, colWidths=self.widths, rowHeights=heights, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("FONTSIZE", (0, 0), (-1, -1), self.cell.fontSize),
                    ("LEADING", (0, 0), (-1, -1), self.cell.leading),
                    ("ALIGN", (0, 0), (0, -1), "CENTER"),
                    ("ALIGN", (6, 0), (8, -1), "CENTER"),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), self.pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), self.pad),
                    ("TOPPADDING", (0, 0), (-1, -1), self.pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad),
                ]
            )
        )
        return table


class _State:
    """Where the stream is: the iterator and the rows measured but not yet placed."""

    def __init__(self, rows: Iterable[BookRow], cells: _Cells) -> None:
        self.rows: Iterator[BookRow] = iter(rows)
        self.cells = cells
        self.pending: deque[tuple[list[Paragraph | str], float]] = deque()
        self.exhausted = False
        self.placed = 0
        head = cells.heading()
        self.head = (head, cells.measure(head))

    def fill(self, count: int) -> None:
        """Measure rows until ``count`` are pending or the iterator ends."""
        while len(self.pending) < count and not self.exhausted:
            row = next(self.rows, None)
            if row is None:
                self.exhausted = True
                break
            cells = self.cells.row(row)
            self.pending.append((cells, self.cells.measure(cells)))

    def fitting(self, height: float) -> tuple[int, float]:
        """How many pending rows fit under the heading in ``height``, and their total height."""
        used = self.head[1]
        n = 0
        while True:
            self.fill(n + 1)
            if n >= len(self.pending) or used + self.pending[n][1] > height:
                return n, used
            used += self.pending[n][1]
            n += 1

    def take(self, n: int) -> Table:
        rows, heights = [self.head[0]], [self.head[1]]
        for _ in range(n):
            cells, h = self.pending.popleft()
            rows.append(cells)
            heights.append(h)
        self.placed += n
        return self.cells.table(rows, heights)


class BookRows(Flowable):
    """The rows of the book as one flowable that splits into a table per page.

    A year of a busy commune is thousands of lines: rows come from an
    iterator and become table cells only for the page being laid out, so
    memory stays flat however long the book is (a single 3,000-row Table
    takes five times the memory and three times as long). Each page's table
    repeats the column headings.
    """

    def __init__(self, state: _State, empty_text: str) -> None:
        super().__init__()
        self.state = state
        self.empty_text = empty_text
        self._table: Table | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._table is not None:  # the last rows, already taken from the stream
            return self.width, self.height
        n, _ = self.state.fitting(availHeight)
        if n < len(self.state.pending) or not self.state.exhausted:
            return availWidth, availHeight + 1  # more than fits: the frame asks us to split
        if n == 0 and self.state.placed == 0:  # an empty period still shows the headings
            return self._empty(availWidth)
        self._table = self.state.take(n)
        self.width, self.height = self._table.wrap(availWidth, availHeight)
        return self.width, self.height

    def _empty(self, width: float) -> tuple[float, float]:
        note = Paragraph(markup(self.empty_text), self.state.cells.note)
        row = [note] + [""] * (len(HEADINGS) - 1)
        self._table = self.state.cells.table([self.state.head[0], row], [self.state.head[1], 24])
        self._table.setStyle(TableStyle([("SPAN", (0, 1), (-1, 1))]))
        self.width, self.height = self._table.wrap(width, 1e6)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self._table is not None:
            return self._table.split(availWidth, availHeight)
        n, _ = self.state.fitting(availHeight)
        if n == 0:
            return []  # not even one row: go on to the next page
        page = self.state.take(n)
        # A new object for the rest: Platypus marks a flowable it had to postpone.
        return [page, BookRows(self.state, self.empty_text)]

    def draw(self) -> None:
        if self._table is not None:
            self._table.drawOn(self.canv, 0, 0)


def period_text(date_from: date, date_to: date) -> str:
    """ "Từ ngày 01 tháng 01 năm 2026 đến ngày 31 tháng 03 năm 2026"."""
    return f"Từ {legal_date(date_from)} đến {legal_date(date_to)}"


def _top(profile: CommuneProfile, styles: SlipStyles, date_from: date, date_to: date) -> list:
    agency = Table(
        [
            [Paragraph(markup(nfc(profile.parent_body).upper()), styles.agency)],
            [Paragraph(markup(nfc(profile.unit_name).upper()), styles.unit)],
            [CenteredRule(styles.pt(25 * mm), styles.rule_width, 1.5)],
        ],
        colWidths=[95 * mm],
        hAlign="LEFT",
    )
    agency.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("PADDING", (0, 0), (-1, -1), 0)])
    )
    return [
        agency,
        Paragraph(TITLE, styles.title),
        Paragraph(period_text(date_from, date_to), styles.subtitle),
        Spacer(1, 3 * mm),
    ]


def render_tracking_book(
    profile: CommuneProfile,
    rows: Iterable[BookRow],
    *,
    date_from: date,
    date_to: date,
) -> bytes:
    """Form 07 as PDF bytes: A4 landscape, "Trang x/y" on every page when there are several.

    ``rows`` is consumed once, lazily, in the order given; pass a generator
    over a database cursor rather than a list for a long period.
    """
    styles = styles_for("A4L")
    state = _State(rows, _Cells(styles))
    story = _top(profile, styles, date_from, date_to)
    story.append(BookRows(state, "Không có hồ sơ nào trong kỳ."))
    return build_pdf(
        story,
        "A4L",
        template_version=TEMPLATE_VERSIONS["book"],
        title=f"{TITLE} - {period_text(date_from, date_to)}",
        author=profile.parent_body,
    )
