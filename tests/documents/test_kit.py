"""The reusable kit under the slips: formatting, styles, header, codes and build_pdf."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Paragraph
from slip_fixtures import CODE, decode_codes, make_profile, page_texts

from motcua_desktop.documents import Copy, build_pdf
from motcua_desktop.documents.codes import Code128Barcode, QrCode, code_block, qr_payload
from motcua_desktop.documents.formatting import (
    clock_date,
    component_note,
    fee_text,
    markup,
    place_date,
    running_case,
    short_date,
)
from motcua_desktop.documents.header import national_header
from motcua_desktop.documents.styles import page_for, styles_for
from motcua_desktop.domain.dossier import ComponentReceipt


def test_date_and_time_phrases():
    assert clock_date(datetime(2026, 2, 13, 16, 30)) == "16 giờ 30 phút, ngày 13/02/2026"
    assert clock_date(datetime(2026, 3, 5, 7, 5)) == "07 giờ 05 phút, ngày 05/03/2026"
    assert short_date(date(2026, 1, 9)) == "09/01/2026"
    assert place_date("An Phú", date(2026, 2, 5)) == "An Phú, ngày 05 tháng 02 năm 2026"
    assert place_date("", date(2026, 2, 5)) == "Ngày 05 tháng 02 năm 2026"


def test_fees_and_component_notes():
    assert fee_text(0) == "Miễn phí"
    assert fee_text(1_500_000) == "1.500.000\u00a0₫"
    note = component_note(ComponentReceipt("x", originals=1, photocopies=12))
    assert note == "01 bản chính, 12 bản photo"
    assert component_note(ComponentReceipt("x")) == ""


def test_unit_names_in_running_text():
    profile = make_profile()
    assert running_case("BỘ PHẬN MỘT CỬA") == "Bộ phận Một cửa"
    assert running_case("ỦY BAN NHÂN DÂN XÃ AN PHÚ", profile) == "Ủy ban nhân dân xã An Phú"
    assert (
        running_case("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ AN PHÚ", profile)
        == "Trung tâm Phục vụ hành chính công xã An Phú"
    )
    assert running_case("Bộ phận tiếp nhận") == "Bộ phận tiếp nhận"  # not in capitals: as is


def test_markup_composes_escapes_and_breaks_lines():
    decomposed = unicodedata.normalize("NFD", 'Hương <b> & "x"\nDòng hai')
    assert markup(decomposed) == 'Hương &lt;b&gt; &amp; "x"<br/>Dòng hai'
    assert markup(None) == ""


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80))
def test_any_text_makes_a_valid_composed_paragraph(text):
    value = markup(text)
    assert unicodedata.is_normalized("NFC", value)
    assert "<" not in value.replace("<br/>", "")  # user text can never open a tag
    Paragraph(value, styles_for("A4").body).wrap(300, 1000)  # ReportLab accepts it


def test_paper_geometry():
    a4 = page_for("A4")
    assert a4.size == A4
    assert a4.width == pytest.approx(A4[0] - 45 * 72 / 25.4)
    assert page_for("a5").scale == pytest.approx(11 / 13)
    assert page_for("A4L").size == landscape(A4)
    with pytest.raises(ValueError):
        page_for("Letter")
    assert styles_for("A5").body.fontSize == pytest.approx(11)
    assert styles_for("A4").body.fontSize == 13


def test_qr_payload():
    assert qr_payload(make_profile(), CODE) == CODE
    url = "https://x.vn/tra-cuu?ma={code}&lang={vi}"  # a stray brace must not break printing
    assert (
        qr_payload(make_profile(lookup_url=url), CODE)
        == f"https://x.vn/tra-cuu?ma={CODE}&lang={{vi}}"
    )


def test_qr_symbol_is_at_least_22_mm():
    mm = 72 / 25.4
    assert QrCode(CODE, size=10 * mm).symbol >= 22 * mm
    long = QrCode("https://dichvucong.example.vn/tra-cuu?ma=" + CODE)
    assert long.module_count > QrCode(CODE).module_count
    assert long.symbol == pytest.approx(24 * mm)


def test_barcode_fits_the_width_it_is_given():
    barcode = Code128Barcode(CODE)
    wide_w, _ = barcode.wrap(600, 100)
    assert barcode.bar_width == pytest.approx(0.33 * 72 / 25.4)  # capped
    narrow_w, _ = barcode.wrap(200, 100)
    assert narrow_w == pytest.approx(200)
    assert barcode.bar_width < 0.33 * 72 / 25.4
    assert wide_w < 600


def test_build_pdf_from_plain_flowables_and_from_copies():
    styles = styles_for("A5")
    profile = make_profile()

    def story():
        return [
            national_header(profile, "01/TB", date(2026, 2, 5), styles),
            Paragraph("THÔNG BÁO", styles.title),
            code_block(profile, CODE, styles),
        ]

    single = build_pdf(story(), "A5", template_version="05/TT03-2025.1", title="Thông báo")
    (text,) = page_texts(single)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 01/TB" in text
    assert "An Phú, ngày 05 tháng 02 năm 2026" in text
    assert "Mẫu 05/TT03-2025.1" in text
    assert decode_codes(single) == {"QRCode": [CODE], "Code128": [CODE]}
    assert PdfReader(io.BytesIO(single)).metadata.title == "Thông báo"

    double = build_pdf(
        [Copy(story(), "Liên A"), Copy(story(), "Liên B")], "A4", template_version="v"
    )
    pages = page_texts(double)
    assert len(pages) == 2
    assert "Liên A" in pages[0] and "Liên B" in pages[1]

    with pytest.raises(TypeError):
        build_pdf([Copy(story()), Paragraph("x", styles.body)], template_version="v")


def test_landscape_page_for_the_tracking_book():
    styles = styles_for("A4L")
    pdf = build_pdf([Paragraph("SỔ THEO DÕI HỒ SƠ", styles.title)], "A4L", template_version="07")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) > float(box.height)
