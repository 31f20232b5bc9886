"""The figures report and the quality objectives as PDFs: read back, figure by figure."""

from __future__ import annotations

from dataclasses import replace

import pytest
from report_fixtures import make_chart_data, make_figures_report, make_objectives_report
from slip_fixtures import page_texts

from motcua_desktop.documents.report_figures import build_figures_pdf
from motcua_desktop.documents.report_objectives import build_objectives_pdf
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.i18n import _


def test_figures_summary_channels_returns_and_letters():
    pages = page_texts(build_figures_pdf(make_figures_report(), None))
    first = pages[0]
    assert "BÁO CÁO SỐ LIỆU TIẾP NHẬN VÀ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in first
    assert "Kỳ báo cáo: Năm 2026 (từ ngày 01/01/2026 đến ngày 31/12/2026)" in first
    for line in (
        "Tổng số hồ sơ nhận giải quyết 19.705",
        "- Trực tiếp tại Bộ phận Một cửa 13.005",
        "- Trực tuyến 5.705",
        "- Qua dịch vụ bưu chính công ích 995",
        "Số hồ sơ đã giải quyết 18.738",
        "- Trước hạn 2.899",
        "- Đúng hạn 14.904",
        "Tỷ lệ giải quyết đúng hạn (kể cả trước hạn) 95,01%",
        "Trả kết quả qua dịch vụ bưu chính công ích 1.234",
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ 321",
        "Phiếu xin lỗi và hẹn lại ngày trả kết quả 57",
        "Phiếu từ chối tiếp nhận, giải quyết hồ sơ 12",
        "Thời gian giải quyết trung bình (ngày làm việc) 1,73 (trên 18.700 hồ sơ)",
    ):
        assert line in first, line
    whole = " ".join(pages)
    assert "II. Số liệu theo thủ tục hành chính" in whole
    assert "1 Đăng ký khai sinh 4.100 4.020 3.990 30 99,25% 120 45 12 2,4" in whole
    assert "3 Đăng ký kết hôn 600 590 580 10 98,31% 0 8 1 –" in whole
    assert "III. Số liệu theo công chức xử lý" in whole
    assert "1 Trần Thị Thủy 1.000 990 980 10 98,99%" in whole
    assert "NGƯỜI LẬP BIỂU" in pages[-1]


def test_figures_with_charts():
    pages = page_texts(build_figures_pdf(make_figures_report(), make_chart_data()))
    whole = " ".join(pages)
    assert "II. Biểu đồ" in whole
    for title in (
        _("Dossiers received and resolved per month"),
        _("Dossiers resolved on time (%) per month"),
        _("Dossiers received by field"),
    ):
        assert title in whole
    assert "IV. Số liệu theo công chức xử lý" in whole


def test_many_officials_run_over_pages_with_headings():
    pages = page_texts(build_figures_pdf(make_figures_report(officials=60), None))
    assert len(pages) >= 3
    assert all(f"Trang {n}/{len(pages)}" in p for n, p in enumerate(pages, start=1))
    assert "60 Phạm Minh Đức 1.059" in " ".join(pages)
    assert "Công chức xử lý Tiếp nhận" in pages[-1]  # the heading again on the last page


def test_objectives_table_and_tally():
    (text,) = page_texts(build_objectives_pdf(make_objectives_report()))
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG Năm 2026" in text
    assert "TT Mục tiêu chất lượng Chỉ số đo Chỉ tiêu Kết quả Đánh giá Căn cứ" in text
    assert (
        "1 Giải quyết hồ sơ đúng hạn Tỷ lệ hồ sơ giải quyết đúng hạn (kể cả trước hạn) "
        "≥ 98,00% 95,01% Không đạt 18.738 hồ sơ đã giải quyết"
    ) in text
    assert "≥ 96,00% – Chưa có số liệu chưa có phiếu khảo sát" in text
    assert "≤ 0 0 Đạt 967 hồ sơ đang giải quyết" in text
    assert "Tổng số 4 mục tiêu: 2 đạt, 1 không đạt, 1 chưa có số liệu." in text
    assert "NGƯỜI LẬP BIỂU" in text and "Lê Văn Toàn" in text


def test_objectives_without_a_unit_are_refused():
    report = make_objectives_report()
    report.header = replace(report.header, reporting_unit="")
    with pytest.raises(ValidationError):
        build_objectives_pdf(report)
