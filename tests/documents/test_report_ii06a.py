"""Report II.06a as a PDF: the Decree 30 header, the 13 columns, the total, the rates, pages."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader
from report_fixtures import district_report, many_lines_report, seed_report
from slip_fixtures import page_texts

from motcua_desktop.documents.report_common import REPORT_VERSIONS
from motcua_desktop.documents.report_ii06a import build_ii06a_pdf
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.periods import quarter
from motcua_desktop.domain.report_ii06a import II06aCounts, II06aRow

HEADINGS = (
    "TT Lĩnh vực giải quyết Số hồ sơ nhận giải quyết Kết quả giải quyết Tổng số Trong kỳ "
    "Từ kỳ trước Số hồ sơ đã giải quyết Số hồ sơ đang giải quyết Trực tuyến Trực tiếp, bưu "
    "chính Tổng số Trước hạn Đúng hạn Quá hạn Tổng số Trong hạn Quá hạn"
)
NUMBERS = " ".join(f"({n})" for n in range(1, 14))


def test_seed_year_on_one_landscape_page():
    pdf = build_ii06a_pdf(seed_report())
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    (text,) = page_texts(pdf)
    assert "UBND TỈNH ĐỒNG THÁP UBND XÃ AN PHÚ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in text
    assert "An Phú, ngày 15 tháng 12 năm 2026" in text
    assert "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    assert (
        "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC" in text
    )
    assert "Biểu số II.06a/VPCP/KSTT" in text
    assert "Kỳ báo cáo: Năm 2026" in text
    assert "(Từ ngày 01/01/2026 đến ngày 31/12/2026)" in text
    assert "Đơn vị báo cáo: UBND xã An Phú" in text
    assert "Đơn vị nhận báo cáo: Văn phòng UBND tỉnh Đồng Tháp" in text
    assert "Đơn vị tính: Số hồ sơ TTHC" in text
    assert HEADINGS in text
    assert NUMBERS in text
    assert "1 Chứng thực 12.000 3.000 8.500 500 11.500 1.899 9.101 500 500 450 50" in text
    assert "2 Hộ tịch 7.705 2.705 4.800 200 7.238 1.000 5.803 435 467 400 67" in text
    # The seed article's year: 19,705 received, 18,738 resolved, 2,899 early, 14,904 on time.
    assert "TỔNG CỘNG 19.705 5.705 13.300 700 18.738 2.899 14.904 935 967 850 117" in text
    assert f"Mẫu {REPORT_VERSIONS['ii06a']}" in text
    assert "Trang" not in text  # one page: no page numbers


def test_rates_with_their_formulas():
    (text,) = page_texts(build_ii06a_pdf(seed_report()))
    assert "[(8) + (9)] / (7) × 100% = 17.803 / 18.738 = 95,01%" in text
    assert "(10) / (7) × 100% = 935 / 18.738 = 4,99%" in text
    assert "(7) / (3) × 100% = 18.738 / 19.705 = 95,09%" in text
    assert "(4) / [(4) + (5)] × 100% = 5.705 / 19.005 = 30,02%" in text
    # The seed article's own figures: 2,899 early (15.47%) and 14,904 on time (79.54%).
    assert "trong đó trước hạn 15,47%, đúng hạn 79,54%" in " ".join(text.split())


def test_signature_block():
    (text,) = page_texts(build_ii06a_pdf(seed_report()))
    tail = text[text.index("30,02%") :]
    assert re.search(
        r"NGƯỜI LẬP BIỂU .*KT\. CHỦ TỊCH PHÓ CHỦ TỊCH .*Trần Thị Thủy Lê Văn Toàn", tail
    ), tail


def test_many_lines_repeat_the_heading_on_every_page():
    report = many_lines_report(fields=30, procedures=3)
    pages = page_texts(build_ii06a_pdf(report))
    assert len(pages) > 3
    heading = HEADINGS.replace("Lĩnh vực giải quyết", "Lĩnh vực, thủ tục hành chính")
    for number, text in enumerate(pages, start=1):
        assert heading in text, f"heading missing on page {number}"
        assert NUMBERS in text
        assert f"Trang {number}/{len(pages)}" in text
    whole = " ".join(pages)
    # Quarter label with the 15th-to-14th cut names its dates.
    assert "Kỳ báo cáo: Tháng 11 năm 2026 (Từ ngày 15/10/2026 đến ngày 14/11/2026)" in whole
    positions = []
    for line in report.lines:
        n = line.row.number
        cols = " ".join(f"{v:,}".replace(",", ".") for v in line.row.counts.columns())
        found = re.search(rf"\b{n} {re.escape(line.row.label)} {cols}", whole)
        assert found, line.row.label
        positions.append(found.start())
        for k, child in enumerate(line.children, start=1):
            assert f"{n}.{k} - {child.row.label}" in whole
    assert positions == sorted(positions)
    total = " ".join(f"{v:,}".replace(",", ".") for v in report.total.counts.columns())
    assert f"TỔNG CỘNG {total}" in pages[-1]
    assert "NGƯỜI LẬP BIỂU" in pages[-1] and "Các tỷ lệ" in pages[-1]


def test_district_lines_show_freshness_and_mark_stale_communes():
    (first, *_rest) = pages = page_texts(build_ii06a_pdf(district_report()))
    whole = " ".join(pages)
    assert "TT Đơn vị Số hồ sơ nhận giải quyết" in first
    assert "Xã An Phú số liệu đến 14/12/2026" in whole
    assert "Xã Tân Hòa (*) không có số liệu mới 43 ngày" in whole
    assert "Thị trấn Lai Vung (*) chưa nhận được số liệu" in whole
    assert "(*) Số liệu của đơn vị chưa được cập nhật kịp thời" in whole
    assert "Xã An Phú (*)" not in whole


def test_an_empty_period_prints_headings_and_zero_total():
    empty = seed_report(lines=[], total=II06aRow(None, "Tổng cộng"), period=quarter(2026, 1))
    (text,) = page_texts(build_ii06a_pdf(empty))
    assert "Kỳ báo cáo: Quý I năm 2026" in text
    assert "Không có hồ sơ thủ tục hành chính trong kỳ báo cáo." in text
    assert "TỔNG CỘNG 0 0 0 0 0 0 0 0 0 0 0" in text
    assert "[(8) + (9)] / (7) × 100% = 100,00% (không có hồ sơ ở mẫu số, quy ước 100%)" in text


def test_unbalanced_figures_are_refused_naming_the_line():
    report = seed_report()
    report.lines[1].row.counts = II06aCounts(received=5, received_online=5, resolved=1, early=1)
    with pytest.raises(ValidationError, match="Hộ tịch"):
        build_ii06a_pdf(report)


def test_a_report_without_a_reporting_unit_is_refused():
    report = seed_report()
    report.header = replace(report.header, reporting_unit="  ")
    with pytest.raises(ValidationError) as caught:
        build_ii06a_pdf(report)
    assert caught.value.field == "reporting_unit"
