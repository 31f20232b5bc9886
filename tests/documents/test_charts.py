"""The report charts: ReportLab drawings with their labels, gaps and "no data", and their SVG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from pypdf import PdfReader
from report_fixtures import make_chart_data
from reportlab.graphics import renderPDF
from slip_fixtures import normalise

from motcua_desktop.documents.charts import (
    MAX_FIELDS,
    field_chart,
    months_chart,
    on_time_chart,
    to_svg,
)
from motcua_desktop.domain.periods import month
from motcua_desktop.domain.report_models import ChartData, MonthPoint, Slice
from motcua_desktop.i18n import _

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(drawing) -> list[str]:
    root = ET.fromstring(to_svg(drawing))
    return [normalise("".join(t.itertext())) for t in root.iter(f"{SVG}text")]


def test_months_chart_names_every_month_and_the_legend():
    data = make_chart_data(12)
    texts = svg_texts(months_chart(data))
    assert _("Dossiers received and resolved per month") in texts
    for m in range(1, 13):
        assert f"{m:02d}/2026" in texts
    assert _("Received") in texts and _("Resolved") in texts
    assert "2.000" in texts  # the value axis in Vietnamese thousands


def test_on_time_chart_runs_0_to_100_and_breaks_at_a_month_without_results():
    data = make_chart_data(12, gap_at=3)
    drawing = on_time_chart(data)
    texts = svg_texts(drawing)
    assert "0%" in texts and "100%" in texts
    assert _("On time, early included") in texts
    root = ET.fromstring(to_svg(drawing))
    lines = [p for p in root.iter(f"{SVG}polyline")]
    assert len(lines) == 2  # before and after April: the line is not drawn across the gap
    unbroken = on_time_chart(make_chart_data(12, gap_at=None))
    assert len(list(ET.fromstring(to_svg(unbroken)).iter(f"{SVG}polyline"))) == 1


def test_field_chart_labels_counts_and_gathers_the_small_fields():
    texts = svg_texts(field_chart(make_chart_data()))
    for label, value in (("Chứng thực", "9.800"), ("Hộ tịch", "6.100"), ("Nông nghiệp", "305")):
        assert label in texts and value in texts
    # Largest first, as ChartData.by_field comes from services.dashboard.
    many = ChartData([], [Slice(f"Lĩnh vực {k}", 100 + k) for k in reversed(range(12))])
    texts = svg_texts(field_chart(many))
    assert _("Other fields") in texts
    assert "Lĩnh vực 11" in texts  # the largest stays
    assert "Lĩnh vực 0" not in texts
    other = sum(100 + k for k in range(12 - MAX_FIELDS + 1))
    assert f"{other:,}".replace(",", ".") in texts


def test_field_chart_keeps_the_services_order_with_other_last():
    given = [Slice("Hộ tịch", 900), Slice("Chứng thực", 500), Slice("Khác", 700)]
    texts = svg_texts(field_chart(ChartData([], given)))
    labels = [t for t in texts if t in {"Hộ tịch", "Chứng thực", "Khác"}]
    # Bars are drawn bottom-up, so the SVG lists the last slice first.
    assert labels == ["Khác", "Chứng thực", "Hộ tịch"]


def test_empty_data_says_so_instead_of_failing():
    empty = ChartData([], [])
    zero_month = ChartData([MonthPoint(month(2026, 1), 0, 0, None)], [Slice("Hộ tịch", 0)])
    for data in (empty, zero_month):
        for chart in (months_chart, on_time_chart, field_chart):
            assert _("No data for this period.") in svg_texts(chart(data))


def test_svg_names_a_serif_family_and_keeps_vietnamese():
    svg = to_svg(field_chart(make_chart_data())).decode("utf-8")
    assert "TimesVN" not in svg
    assert "font-family: Liberation Serif;" in svg
    assert "font-weight: bold" in svg  # the title
    assert "Bảo trợ xã hội" in svg


def test_the_same_drawing_goes_into_a_pdf():
    buffer = io.BytesIO()
    renderPDF.drawToFile(months_chart(make_chart_data(3)), buffer)
    text = normalise(PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text())
    assert "01/2026 02/2026 03/2026" in text


def test_svg_is_what_qtsvg_draws_right():
    # QtSvg paints a clipPath's rectangle black and reads "fill: None" as black.
    for chart in (months_chart, on_time_chart, field_chart):
        svg = to_svg(chart(make_chart_data())).decode("utf-8")
        assert "clipPath" not in svg and "clip-path" not in svg
        assert "fill: None" not in svg and "stroke: None" not in svg
        ET.fromstring(svg)
