"""The three report charts, drawn once with ReportLab's graphics: placed in the figures PDF
as they are, and shown in the program as SVG (``to_svg``) through QtSvg.

Texts are UI strings (``_()``): the charts appear on screen in the UI
language; the figures report is printed in Vietnamese, the default.
"""

from __future__ import annotations

import re

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from motcua_desktop.documents.fonts import BOLD, ITALIC, REGULAR, register_fonts
from motcua_desktop.documents.formatting import nfc
from motcua_desktop.documents.report_common import vn_int
from motcua_desktop.domain.report_models import ChartData, MonthPoint, Slice
from motcua_desktop.i18n import _

RECEIVED = colors.HexColor("#2F5597")
RESOLVED = colors.HexColor("#70AD47")
RATE = colors.HexColor("#C55A11")
FIELD = colors.HexColor("#4472C4")
GRID_COLOUR = colors.HexColor("#D9D9D9")
WIDTH, HEIGHT = 480, 250  # points: half an A4 landscape frame, or an A4 portrait one
MAX_FIELDS = 8  # bars in the field chart; the rest are added up as "Other fields"
SVG_FAMILY = "Liberation Serif"  # QtSvg takes one family; Qt substitutes when missing


def month_label(point: MonthPoint) -> str:
    """ "11/2026" for a month; the start date for any other period."""
    p = point.period
    if p.number is not None and p.year is not None:
        return f"{p.number:02d}/{p.year}"
    return f"{p.date_from.day:02d}/{p.date_from.month:02d}/{p.date_from.year}"


def _frame(width: float, height: float, title: str) -> Drawing:
    register_fonts()
    drawing = Drawing(width, height)
    drawing.add(
        String(width / 2, height - 16, nfc(title), fontName=BOLD, fontSize=12, textAnchor="middle")
    )
    return drawing


def no_data(width: float, height: float, title: str) -> Drawing:
    """The chart's frame with "No data for this period." in its middle."""
    drawing = _frame(width, height, title)
    drawing.add(Rect(10, 10, width - 20, height - 40, strokeColor=GRID_COLOUR, fillColor=None))
    text = _("No data for this period.")
    drawing.add(
        String(width / 2, height / 2 - 10, text, fontName=ITALIC, fontSize=11, textAnchor="middle")
    )
    return drawing


def _legend(drawing: Drawing, pairs: list[tuple], y: float) -> None:
    legend = Legend()
    legend.alignment = "right"
    legend.x = drawing.width / 2 - 70 * len(pairs) + 20
    legend.y = y
    legend.columnMaximum = 1
    legend.deltax = 140
    legend.dx = legend.dy = 8
    legend.fontName = REGULAR
    legend.fontSize = 10
    legend.boxAnchor = "sw"
    legend.colorNamePairs = pairs
    drawing.add(legend)


def _style_axes(chart, labels: list[str]) -> None:
    chart.categoryAxis.categoryNames = labels
    axis = chart.categoryAxis.labels
    axis.fontName = REGULAR
    axis.fontSize = 8
    if len(labels) > 6:
        axis.angle = 35
        axis.boxAnchor = "ne"
        axis.dx = 4
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID_COLOUR
    chart.valueAxis.gridStrokeWidth = 0.5


def months_chart(data: ChartData, width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    """Grouped bars per month: dossiers received (columns 4 + 5) beside those resolved (7)."""
    title = _("Dossiers received and resolved per month")
    months = data.months
    if not months or not any(p.received or p.resolved for p in months):
        return no_data(width, height, title)
    drawing = _frame(width, height, title)
    chart = VerticalBarChart()
    chart.x, chart.y = 48, 62
    chart.width, chart.height = width - 62, height - 106
    chart.data = [[p.received for p in months], [p.resolved for p in months]]
    _style_axes(chart, [month_label(p) for p in months])
    chart.valueAxis.labelTextFormat = lambda v: vn_int(int(v))
    chart.bars[0].fillColor = RECEIVED
    chart.bars[1].fillColor = RESOLVED
    chart.bars.strokeColor = None
    chart.groupSpacing = 8
    chart.barSpacing = 1
    drawing.add(chart)
    _legend(drawing, [(RECEIVED, _("Received")), (RESOLVED, _("Resolved"))], 4)
    return drawing


def _runs(values: list[float | None]) -> list[list[float | None]]:
    """One series per unbroken run of values, None elsewhere: the line stops at a gap."""
    runs: list[list[float | None]] = []
    current: list[float | None] | None = None
    for index, value in enumerate(values):
        if value is None:
            current = None
            continue
        if current is None:
            current = [None] * len(values)
            runs.append(current)
        current[index] = value
    return runs


def on_time_chart(data: ChartData, width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    """The on-time rate ((8 + 9) / 7, in %) per month on a 0–100 axis; no line where a month
    resolved nothing."""
    title = _("Dossiers resolved on time (%) per month")
    rates = [p.on_time_rate for p in data.months]
    if not any(r is not None for r in rates):
        return no_data(width, height, title)
    drawing = _frame(width, height, title)
    chart = HorizontalLineChart()
    chart.x, chart.y = 48, 62
    chart.width, chart.height = width - 62, height - 106
    runs = _runs(rates)
    chart.data = runs
    _style_axes(chart, [month_label(p) for p in data.months])
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labelTextFormat = "%d%%"
    for k in range(len(runs)):
        chart.lines[k].strokeColor = RATE
        chart.lines[k].strokeWidth = 2
        chart.lines[k].symbol = makeMarker("FilledCircle", size=4, fillColor=RATE)
    drawing.add(chart)
    _legend(drawing, [(RATE, _("On time, early included"))], 4)
    return drawing


def _top_fields(slices: list[Slice]) -> list[Slice]:
    # In the order given: ChartData.by_field is largest first with its own "Other" last.
    ordered = [s for s in slices if s.value > 0]
    if len(ordered) <= MAX_FIELDS:
        return ordered
    rest = sum(s.value for s in ordered[MAX_FIELDS - 1 :])
    return [*ordered[: MAX_FIELDS - 1], Slice(_("Other fields"), rest)]


def field_chart(data: ChartData, width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    """Horizontal bars of dossiers received per field, largest on top, with their counts."""
    title = _("Dossiers received by field")
    slices = _top_fields(list(data.by_field))
    if not slices:
        return no_data(width, height, title)
    drawing = _frame(width, height, title)
    chart = HorizontalBarChart()
    label_room = min(width * 0.38, 150)
    chart.x, chart.y = label_room, 20
    chart.width, chart.height = width - label_room - 50, height - 50
    chart.data = [[s.value for s in reversed(slices)]]
    _style_axes(chart, [nfc(s.label) for s in reversed(slices)])
    chart.categoryAxis.labels.angle = 0
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.fontSize = 9
    chart.valueAxis.labelTextFormat = lambda v: vn_int(int(v))
    chart.bars[0].fillColor = FIELD
    chart.bars.strokeColor = None
    chart.barLabelFormat = lambda v: vn_int(int(v))
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


# renderSVG clips the whole drawing to its own size; QtSvg (SVG Tiny) has no clipPath and
# paints the clip rectangle black over the chart. The drawing stays inside its box anyway.
_CLIP = re.compile(r"<clipPath id=\"clip\">.*?</clipPath>\s*", re.DOTALL)
_CLIP_USE = re.compile(r' style="clip-path: url\(#clip\)"')
_FAMILY = re.compile(r"font-family: ?([A-Za-z]+VN)(-(?:Bold|Italic|BoldItalic))?;")


def _svg_font(match: re.Match) -> str:
    face = match.group(2) or ""
    weight = " font-weight: bold;" if "Bold" in face else ""
    style = " font-style: italic;" if "Italic" in face else ""
    return f"font-family: {SVG_FAMILY};{weight}{style}"


def to_svg(drawing: Drawing) -> bytes:
    """The drawing as SVG bytes (UTF-8) that QtSvg draws as the PDF does: fonts named so any
    viewer finds a serif face, and no clip path (see ``_CLIP``)."""
    text = renderSVG.drawToString(drawing)
    text = _CLIP_USE.sub("", _CLIP.sub("", text, count=1))
    # SVG keywords are lower case; QtSvg reads "None" as no value and fills lines black.
    text = text.replace("fill: None", "fill: none").replace("stroke: None", "stroke: none")
    return _FAMILY.sub(_svg_font, text).encode("utf-8")
