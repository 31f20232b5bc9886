"""The demo commune's quality system: declared, documented, audited, with a few findings.

``seed_quality_system`` gives a demo installation what an ISO secretary would
have on file by ``today``: the policy, scope and declaration decision; an
internal process for most procedures of the catalogue and two forms; a
training; a closed internal audit with three minor findings (one action
verified effective, one open, one past its due date); and a management review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from motcua_desktop.domain.nonconformity import add_months
from motcua_desktop.domain.roles import Permission
from motcua_desktop.services import checklists, nonconformities, quality_records
from motcua_desktop.services.catalogue import list_procedures
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require

AUDIT_TEMPLATE = "iso9001-internal-audit"
LEADER_NAME = "Lê Thị Thu Hà"
AUDITORS = ("Nguyễn Thị Ngọc Lan", "Trần Văn Bình")
# Items of the internal audit the demo finds minor nonconformities on, with the note written.
FINDINGS = {
    "7.5": "Bàn tiếp nhận còn dùng mẫu giấy tiếp nhận cũ (phiên bản 2024), chưa thu hồi.",
    "8.5": "Hai hồ sơ quá hạn trong quý chưa có văn bản xin lỗi người dân.",
    "9.1.2": "Tháng trước chỉ thu được 6 phiếu khảo sát, chưa đủ số lượng theo kế hoạch.",
}
ACTIONS = {
    "7.5": ("Chưa rà soát danh mục tài liệu khi ban hành mẫu mới.",
            "Thu hồi mẫu cũ; rà soát danh mục tài liệu mỗi quý."),
    "8.5": ("Công chức chưa nắm quy định xin lỗi khi trễ hạn.",
            "Tập huấn lại quy định; phần mềm nhắc hồ sơ sắp đến hạn."),
    "9.1.2": ("Chưa phân công người phát phiếu khảo sát.",
              "Phân công công chức phát phiếu cho mỗi người dân nhận kết quả."),
}  # fmt: skip


@dataclass(frozen=True)
class QualitySeed:
    run_id: str
    findings: tuple[str, ...]  # NC numbers
    documents: int
    review_id: str


def seed_quality_system(ctx: AppContext, *, today: date, actor) -> QualitySeed:
    """Seed the quality system; ``actor`` must be a leader or an administrator (it signs the audit)."""
    require(actor, Permission.CHECKLIST_CLOSE)
    start = date(today.year, 1, 1) if today.month > 3 else date(today.year - 1, 1, 1)
    decided = start + timedelta(days=14)
    quality_records.set_policy(
        ctx, actor, record_date=decided, number="01/CSCL",
        text="Công khai, minh bạch – Đúng hạn, chính xác – Tận tụy phục vụ người dân và tổ chức.",
    )  # fmt: skip
    procedures = list_procedures(ctx)
    scope = "Toàn bộ thủ tục hành chính thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã."
    quality_records.set_scope(ctx, actor, text=scope, record_date=decided,
                              procedures=[p.code for p in procedures])  # fmt: skip
    documents = 0
    for n, p in enumerate(procedures, start=1):
        if n % 8 == 0:  # a few procedures still lack their process (the evidence shows them)
            continue
        quality_records.save_document(
            ctx, actor, code=f"QT-{n:02d}", title=f"Quy trình giải quyết: {p.name}",
            doc_type="process", doc_version="1.0", effective_on=decided, procedure_code=p.code,
        )  # fmt: skip
        documents += 1
    for code, title in (("BM-01", "Sổ theo dõi sự không phù hợp"), ("BM-02", "Phiếu khảo sát")):
        quality_records.save_document(ctx, actor, code=code, title=title, doc_type="form",
                                      doc_version="1.0", effective_on=decided)  # fmt: skip
        documents += 1
    quality_records.record_declaration(
        ctx, actor, decision_number="125/QĐ-UBND", decision_date=decided + timedelta(days=30),
        scope=scope, notified_on=decided + timedelta(days=35), posted=True,
    )  # fmt: skip
    quality_records.add_training(
        ctx, actor, held_on=decided + timedelta(days=7), topic="Phổ biến TCVN ISO 9001:2015",
        participants=[LEADER_NAME, *AUDITORS, "Phạm Minh Tuấn"], trainer="Chuyên gia tư vấn",
    )  # fmt: skip
    run_id, numbers = _audit(ctx, actor, today)
    review = quality_records.add_management_review(
        ctx, actor, held_on=today - timedelta(days=20), chair=LEADER_NAME,
        attendees=[*AUDITORS, "Phạm Minh Tuấn"], number="02/BB-XXLĐ",
        inputs=["Kết quả đánh giá nội bộ", "Kết quả khảo sát sự hài lòng",
                "Tình hình thực hiện mục tiêu chất lượng", "Hành động khắc phục"],
        decisions=["Duy trì chính sách chất lượng", "Bổ sung quy trình cho các thủ tục còn thiếu",
                   "Khảo sát sự hài lòng đủ số phiếu hằng tháng"],
    )  # fmt: skip
    return QualitySeed(run_id, numbers, documents, review.id)


def _audit(ctx: AppContext, actor, today: date) -> tuple[str, tuple[str, ...]]:
    """A closed internal audit two months back; its findings: verified, open and overdue."""
    audit_on = add_months(today, -2)
    run = checklists.start_run(
        ctx, actor, AUDIT_TEMPLATE, run_on=audit_on, auditors=AUDITORS,
        scope="Bộ phận Một cửa và các công chức giải quyết thủ tục hành chính",
    )  # fmt: skip
    for item in run.template.items:
        verdict = "minor" if item.id in FINDINGS else "conforming"
        note = FINDINGS.get(item.id, "Đã xem hồ sơ, tài liệu liên quan.")
        checklists.answer(ctx, actor, run.id, item.id, verdict, note)
    checklists.close_run(ctx, actor, run.id, LEADER_NAME)
    found = nonconformities.from_checklist(ctx, actor, run.id, owner_name=AUDITORS[0])
    by_item = {f.item_id: f for f in found}
    dues = {"7.5": audit_on + timedelta(days=14), "8.5": today + timedelta(days=20),
            "9.1.2": today - timedelta(days=10)}  # fmt: skip
    for item_id, f in by_item.items():
        cause, action = ACTIONS[item_id]
        nonconformities.update(ctx, actor, f.id, cause=cause, corrective_action=action,
                               due_on=dues[item_id])  # fmt: skip
    done = by_item["7.5"]
    nonconformities.mark_action_done(ctx, actor, done.id, audit_on + timedelta(days=10))
    nonconformities.verify(ctx, actor, done.id, effective=True, verified_by_name=LEADER_NAME,
                           verified_on=audit_on + timedelta(days=30),
                           note="Đã kiểm tra bàn tiếp nhận, không còn mẫu cũ.")  # fmt: skip
    return run.id, tuple(f.number for f in found)
