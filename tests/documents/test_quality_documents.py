"""The quality-system PDFs and workbook, made from a seeded commune and read back."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua_desktop.documents.quality_checklist import build_checklist_pdf
from motcua_desktop.documents.quality_report_pdf import build_quality_pdf
from motcua_desktop.documents.quality_xlsx import quality_xlsx
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.periods import year_period
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import checklists, nonconformities, quality_records, setup, users
from motcua_desktop.services.context import open_app
from motcua_desktop.services.demo_iso import seed_quality_system
from motcua_desktop.services.quality_report import (
    checklist_pdf,
    quality_report,
    register_pdf,
    review_pdf,
    self_assessment_pdf,
)

TODAY = date(2026, 6, 15)
PROFILE = CommuneProfile(
    commune_name="Xã An Phú", parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ", unit_name="BỘ PHẬN MỘT CỬA",
    agency_code="000.31.25.H56", place_name="An Phú",
)  # fmt: skip


@pytest.fixture
def seeded(tmp_path):
    ctx = open_app(tmp_path / "data")
    admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
    setup.save_profile(ctx, PROFILE, admin)
    leader = users.create_user(ctx, "ha", "Lê Thị Thu Hà", "secret-3", "leader", admin)
    seed = seed_quality_system(ctx, today=TODAY, actor=leader)
    yield ctx, leader, seed
    ctx.close()


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_checklist_pdf(seeded):
    ctx, _leader, seed = seeded
    text = flat(text_of(checklist_pdf(ctx, seed.run_id, today=TODAY)))
    assert "CHECKLIST ĐÁNH GIÁ NỘI BỘ" in text and "ỦY BAN NHÂN DÂN XÃ AN PHÚ" in text
    assert "Không phù hợp nhẹ" in text and "mẫu giấy tiếp nhận cũ" in text
    assert "Phù hợp: 21; Không phù hợp nhẹ: 3; Không phù hợp nặng: 0" in text
    assert "LÃNH ĐẠO PHÊ DUYỆT" in text and "Lê Thị Thu Hà" in text
    assert "BẢN NHÁP" not in text
    assert "ISO-CL.1" in text


def test_open_checklist_prints_as_a_draft_with_the_programs_figures(seeded):
    ctx, leader, _seed = seeded
    run = checklists.start_run(ctx, leader, "iso9001-internal-audit", run_on=TODAY, scope="Thử",
                               auditors=["Lan"])  # fmt: skip
    text = flat(text_of(checklist_pdf(ctx, run.id, today=TODAY)))
    assert "BẢN NHÁP" in text and "Chưa đánh giá: 24" in text
    assert "Số liệu phần mềm:" in text and "procedures have no internal process" in text


def test_self_assessment_pdf(seeded):
    ctx, leader, _seed = seeded
    run = checklists.start_run(ctx, leader, "tt26-self-inspection", run_on=date(2026, 11, 30),
                               scope="Toàn bộ TTHC", auditors=["Lan", "Bình"])  # fmt: skip
    for item in run.template.items:
        verdict = "minor" if item.id == "std-b" else "conforming"
        checklists.answer(
            ctx, leader, run.id, item.id, verdict, "Chưa phổ biến đủ" if verdict == "minor" else ""
        )
    with pytest.raises(ValidationError):
        self_assessment_pdf(ctx, run.id, today=TODAY)  # not signed yet
    checklists.close_run(ctx, leader, run.id, "Lê Thị Thu Hà")
    nonconformities.from_checklist(ctx, leader, run.id)
    text = flat(text_of(self_assessment_pdf(ctx, run.id, today=TODAY)))
    assert "BÁO CÁO KẾT QUẢ TỰ KIỂM TRA" in text and "Điều 36" in text
    assert "đ) Việc thực hiện xem xét của lãnh đạo" in text
    assert "Không phù hợp nhẹ." in text and "Chưa phổ biến đủ" in text
    assert "trước ngày 30/01/2027" in text  # 30/11 + 2 months
    with pytest.raises(ValidationError):
        self_assessment_pdf(ctx, seeded[2].run_id)  # an internal audit


def test_register_and_review_pdfs(seeded):
    ctx, _leader, seed = seeded
    text = flat(text_of(register_pdf(ctx, today=TODAY)))
    assert "SỔ THEO DÕI SỰ KHÔNG PHÙ HỢP" in text
    assert all(n in text for n in seed.findings)
    assert text.count("QUÁ HẠN") == 1 and "Có hiệu lực" in text
    assert "Tổng số 3 sự không phù hợp; 2 chưa kết thúc" in text
    reader = PdfReader(io.BytesIO(register_pdf(ctx, today=TODAY)))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    review = flat(text_of(review_pdf(ctx, seed.review_id, today=TODAY)))
    assert "BIÊN BẢN HỌP XEM XÉT CỦA LÃNH ĐẠO" in review and "02/BB-XXLĐ" in review
    assert "Kết quả đánh giá nội bộ" in review and "Duy trì chính sách chất lượng" in review
    policy = quality_records.list_records(ctx, "policy")[0]
    with pytest.raises(ValidationError):
        review_pdf(ctx, policy.id)


def test_quality_report_pdf_and_xlsx(seeded):
    ctx, _leader, seed = seeded
    report = quality_report(ctx, year_period(2026), now=datetime(2026, 6, 15, 9, 0))
    text = flat(text_of(build_quality_pdf(report)))
    assert "BÁO CÁO TÌNH HÌNH ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG" in text
    assert "125/QĐ-UBND" in text and "quá hạn: 2" not in text and "quá hạn: 1" in text
    assert "MỤC TIÊU CHẤT LƯỢNG" in text and "Đã ký duyệt" in text
    book = load_workbook(io.BytesIO(quality_xlsx(report)))
    assert book.sheetnames == ["Mục tiêu", "Kiểm tra", "Sổ theo dõi"]
    register = [r for r in book["Sổ theo dõi"].iter_rows(values_only=True)
                if r and isinstance(r[1], str) and r[1].startswith("NC-")]  # fmt: skip
    assert sorted(r[1] for r in register) == sorted(seed.findings)
    assert [r[12] for r in register].count("Có") == 1
    runs = [r for r in book["Kiểm tra"].iter_rows(values_only=True) if r and r[0] == 1]
    assert runs[0][6:10] == (21, 3, 0, 0)
    blank = replace(report, header=replace(report.header, reporting_unit=""))
    with pytest.raises(ValidationError):
        build_quality_pdf(blank)
    with pytest.raises(ValidationError):
        build_checklist_pdf(checklists.run_view(ctx, seed.run_id), blank.header)
