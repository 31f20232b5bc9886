"""The blank paper survey form: read back, every question, one A4 page."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from motcua_desktop.documents.survey_form import BOX, build_blank_form_pdf
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_models import ReportHeader
from motcua_desktop.services.survey_templates import shipped_templates

HEADER = ReportHeader(reporting_unit="Ủy ban nhân dân xã An Phú", parent_unit="UBND huyện Phú Tân")


def template(kind):
    return next(t for t in shipped_templates() if t.kind == kind)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_the_blank_form_has_the_header_and_every_question_on_one_page():
    t = template("satisfaction")
    reader = PdfReader(io.BytesIO(build_blank_form_pdf(t, HEADER)))
    assert len(reader.pages) == 1
    text = squeeze(reader.pages[0].extract_text())
    for expected in ("ỦY BAN NHÂN DÂN XÃ AN PHÚ", "UBND HUYỆN PHÚ TÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "PHIẾU KHẢO SÁT SỰ HÀI LÒNG", "Rất không hài lòng", "Mã hồ sơ"):  # fmt: skip
        assert expected in text
    for item in (*t.questions, t.overall, *t.reasons):
        words = squeeze(getattr(item, "text", ""))
        assert words[:40] in text
    for f in t.factors:
        assert f.title.upper()[:20] in text
    # five boxes per question, one per reason, one per respondent choice
    choices = sum(len(f.options) for f in t.respondent)
    assert text.count(BOX) == 5 * (len(t.questions) + 1) + len(t.reasons) + choices


def test_only_a_satisfaction_template_with_a_unit_prints():
    with pytest.raises(ValidationError):
        build_blank_form_pdf(template("evaluation"), HEADER)
    with pytest.raises(ValidationError) as err:
        build_blank_form_pdf(template("satisfaction"), ReportHeader(reporting_unit=" "))
    assert err.value.field == "reporting_unit"
