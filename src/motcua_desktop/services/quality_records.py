"""The records of the quality system: policy, scope, declaration, training, management reviews,
controlled documents, and ``quality_status`` summing them up (also per commune at the district).

Nothing is deleted: a new policy, scope or declaration retires the one before
(``active`` False), and a new version of a controlled document retires the old.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import NotFound, ValidationError
from motcua_desktop.domain.nonconformity import is_overdue, is_report_overdue
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.nonconformities import to_view
from motcua_desktop.services.permissions import require
from motcua_desktop.store.models import (
    ChecklistAnswer,
    ChecklistRun,
    ControlledDocument,
    Nonconformity,
    QualityRecord,
)

KINDS = ("policy", "scope", "declaration", "training", "management_review")
SINGLE_KINDS = ("policy", "scope", "declaration")  # one in force at a time
DOC_TYPES = ("process", "form", "other")


@dataclass(frozen=True)
class RecordView:
    id: str
    kind: str
    title: str
    record_date: date
    number: str
    data: dict
    note: str
    active: bool


@dataclass(frozen=True)
class DocumentView:
    id: str
    code: str
    title: str
    doc_type: str
    doc_version: str
    effective_on: date | None
    procedure_code: str
    active: bool
    note: str


@dataclass(frozen=True)
class RunResult:
    """A checklist run in a few figures."""

    id: str
    title: str
    kind: str
    run_on: date
    status: str
    revision: int
    counts: dict[str, int]  # conforming, minor, major, na, unanswered (of the answers stored)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "run_on": self.run_on.isoformat()}


@dataclass(frozen=True)
class QualityStatus:
    declared: bool
    declared_on: date | None = None
    decision_number: str = ""
    declared_scope: str = ""
    policy: str = ""
    last_internal_audit: RunResult | None = None
    last_self_inspection: RunResult | None = None
    last_management_review: date | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    report_overdue: int = 0
    controlled_documents: int = 0
    trainings_this_year: int = 0

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key in ("declared_on", "last_management_review"):
            out[key] = out[key].isoformat() if out[key] else None
        for key in ("last_internal_audit", "last_self_inspection"):
            out[key] = out[key].as_dict() if out[key] else None
        return out


def _record_view(r: QualityRecord) -> RecordView:
    return RecordView(r.id, r.kind, r.title, r.record_date, r.number, dict(r.data or {}),
                      r.note, r.active)  # fmt: skip


def _doc_view(d: ControlledDocument) -> DocumentView:
    return DocumentView(d.id, d.code, d.title, d.doc_type, d.doc_version, d.effective_on,
                        d.procedure_code, d.active, d.note)  # fmt: skip


def _clean(value: Any) -> str:
    return "\n".join(" ".join(line.split()) for line in str(value or "").strip().splitlines())


def _names(values) -> list[str]:
    return [n for n in (" ".join(str(v).split()) for v in values or ()) if n]


def _need(value: str, field_name: str, message: str) -> str:
    if not value:
        raise ValidationError(message, field=field_name)
    return value


def add_record(
    ctx: AppContext,
    actor,
    kind: str,
    *,
    title: str,
    record_date: date,
    number: str = "",
    data: dict | None = None,
    note: str = "",
) -> RecordView:
    """Store a record; a new policy, scope or declaration retires the one in force."""
    require(actor, Permission.QUALITY_REGISTER)
    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of quality record “{kind}”.").format(kind=kind),
                              field="kind")  # fmt: skip
    if not isinstance(record_date, date):
        raise ValidationError(_("Give the date of the record."), field="record_date")
    title = _need(_clean(title), "title", _("Give the record a title."))
    with ctx.db.session(actor=actor) as s:
        if kind in SINGLE_KINDS:
            for old in s.scalars(
                select(QualityRecord).where(QualityRecord.kind == kind, QualityRecord.active)
            ):
                old.active = False
        row = QualityRecord(kind=kind, title=title, record_date=record_date, number=_clean(number),
                            data=data or {}, note=_clean(note),
                            created_by=getattr(actor, "id", None))  # fmt: skip
        s.add(row)
        s.flush()
        return _record_view(row)


def set_policy(
    ctx: AppContext, actor, *, text: str, record_date: date, number: str = ""
) -> RecordView:
    require(actor, Permission.QUALITY_REGISTER)
    body = _need(_clean(text), "text", _("Write the quality policy."))
    return add_record(ctx, actor, "policy", title=_("Quality policy"), record_date=record_date,
                      number=number, data={"text": body})  # fmt: skip


def set_scope(ctx: AppContext, actor, *, text: str, record_date: date, procedures=()) -> RecordView:
    require(actor, Permission.QUALITY_REGISTER)
    body = _need(_clean(text), "text", _("Describe the scope of the quality system."))
    return add_record(ctx, actor, "scope", title=_("Scope of the quality system"),
                      record_date=record_date,
                      data={"text": body, "procedures": sorted(set(procedures))})  # fmt: skip


def record_declaration(
    ctx: AppContext,
    actor,
    *,
    decision_number: str,
    decision_date: date,
    scope: str,
    notified_on: date | None = None,
    posted: bool = False,
) -> RecordView:
    """The decision declaring the system conforms to TCVN ISO 9001 (công bố HTQLCL)."""
    require(actor, Permission.QUALITY_REGISTER)
    number = _need(_clean(decision_number), "decision_number", _("Give the decision number."))
    body = _need(_clean(scope), "scope", _("Give the scope the declaration covers."))
    data = {"scope": body, "notified_on": notified_on.isoformat() if notified_on else None,
            "posted": bool(posted)}  # fmt: skip
    return add_record(ctx, actor, "declaration", title=_("Declaration of conformity to TCVN ISO 9001"),
                      record_date=decision_date, number=number, data=data)  # fmt: skip


def add_training(
    ctx: AppContext,
    actor,
    *,
    held_on: date,
    topic: str,
    participants,
    trainer: str = "",
    note: str = "",
) -> RecordView:
    require(actor, Permission.QUALITY_REGISTER)
    names = _names(participants)
    if not names:
        raise ValidationError(_("List who took part in the training."), field="participants")
    topic = _need(_clean(topic), "topic", _("Give the topic of the training."))
    return add_record(ctx, actor, "training", title=topic, record_date=held_on, note=note,
                      data={"participants": names, "trainer": _clean(trainer)})  # fmt: skip


def add_management_review(
    ctx: AppContext,
    actor,
    *,
    held_on: date,
    chair: str,
    attendees,
    inputs,
    decisions,
    number: str = "",
    note: str = "",
) -> RecordView:
    """Minutes of a management review (xem xét của lãnh đạo, ISO 9001 clause 9.3)."""
    require(actor, Permission.QUALITY_REGISTER)
    chair = _need(_clean(chair), "chair", _("Give who chaired the review."))
    inputs, decisions = _names(inputs), _names(decisions)
    if not decisions:
        raise ValidationError(_("Write down at least one decision of the review."),
                              field="decisions")  # fmt: skip
    data = {
        "chair": chair,
        "attendees": _names(attendees),
        "inputs": inputs,
        "decisions": decisions,
    }
    return add_record(ctx, actor, "management_review", title=_("Management review"),
                      record_date=held_on, number=number, data=data, note=note)  # fmt: skip


def list_records(
    ctx: AppContext, kind: str, *, include_inactive: bool = False, origin_id: str | None = None
) -> list[RecordView]:
    """Records of one kind, newest first."""
    q = select(QualityRecord).where(QualityRecord.kind == kind)
    if not include_inactive:
        q = q.where(QualityRecord.active)
    if origin_id is not None:
        q = q.where(QualityRecord.origin_id == origin_id)
    q = q.order_by(QualityRecord.record_date.desc(), QualityRecord.created_at.desc())
    with ctx.db.session(readonly=True) as s:
        return [_record_view(r) for r in s.scalars(q)]


def get_record(ctx: AppContext, record_id: str) -> RecordView:
    with ctx.db.session(readonly=True) as s:
        row = s.get(QualityRecord, record_id)
        if row is None:
            raise NotFound(_("There is no quality record with that id."))
        return _record_view(row)


def retire_record(ctx: AppContext, actor, record_id: str) -> RecordView:
    require(actor, Permission.QUALITY_REGISTER)
    with ctx.db.session(actor=actor) as s:
        row = s.get(QualityRecord, record_id)
        if row is None:
            raise NotFound(_("There is no quality record with that id."))
        row.active = False
        return _record_view(row)


def save_document(
    ctx: AppContext,
    actor,
    *,
    code: str,
    title: str,
    doc_type: str,
    doc_version: str,
    effective_on: date | None = None,
    procedure_code: str = "",
    note: str = "",
) -> DocumentView:
    """Add a controlled document; a new version of an active code retires the older one."""
    require(actor, Permission.QUALITY_REGISTER)
    if doc_type not in DOC_TYPES:
        raise ValidationError(_("The document type must be process, form or other."),
                              field="doc_type")  # fmt: skip
    code = _need(_clean(code), "code", _("Give the document's code."))
    title = _need(_clean(title), "title", _("Give the document's title."))
    version = _need(_clean(doc_version), "doc_version", _("Give the document's version."))
    procedure_code = _clean(procedure_code)
    if doc_type == "process" and not procedure_code:
        raise ValidationError(_("An internal process belongs to a procedure; give its code."),
                              field="procedure_code")  # fmt: skip
    with ctx.db.session(actor=actor) as s:
        same = s.scalars(
            select(ControlledDocument).where(
                ControlledDocument.code == code, ControlledDocument.active
            )  # fmt: skip
        ).all()
        if any(d.doc_version == version for d in same):
            raise ValidationError(
                _("Document {code} version {version} is already in the list.").format(
                    code=code, version=version
                ),
                field="doc_version",
            )
        for old in same:
            old.active = False
        row = ControlledDocument(code=code, title=title, doc_type=doc_type, doc_version=version,
                                 effective_on=effective_on, procedure_code=procedure_code,
                                 note=_clean(note), created_by=getattr(actor, "id", None))  # fmt: skip
        s.add(row)
        s.flush()
        return _doc_view(row)


def list_documents(
    ctx: AppContext, *, doc_type: str | None = None, include_inactive: bool = False
) -> list[DocumentView]:
    q = select(ControlledDocument).order_by(ControlledDocument.code, ControlledDocument.doc_version)
    if doc_type:
        q = q.where(ControlledDocument.doc_type == doc_type)
    if not include_inactive:
        q = q.where(ControlledDocument.active)
    with ctx.db.session(readonly=True) as s:
        return [_doc_view(d) for d in s.scalars(q)]


def retire_document(ctx: AppContext, actor, document_id: str) -> DocumentView:
    require(actor, Permission.QUALITY_REGISTER)
    with ctx.db.session(actor=actor) as s:
        row = s.get(ControlledDocument, document_id)
        if row is None:
            raise NotFound(_("There is no controlled document with that id."))
        row.active = False
        return _doc_view(row)


def run_result(s: Session, run: ChecklistRun) -> RunResult:
    counts = dict.fromkeys(("conforming", "minor", "major", "na", "unanswered"), 0)
    for verdict, n in s.execute(
        select(ChecklistAnswer.verdict, func.count())
        .where(ChecklistAnswer.run_id == run.id)
        .group_by(ChecklistAnswer.verdict)
    ):
        counts[verdict or "unanswered"] += n
    return RunResult(run.id, run.title, run.kind, run.run_on, run.status, run.revision, counts)


def _last_run(s: Session, kind: str, origin_id: str | None) -> RunResult | None:
    """The newest closed run of a kind (its latest revision), else the newest open one."""
    q = select(ChecklistRun).where(ChecklistRun.kind == kind)
    if origin_id is not None:
        q = q.where(ChecklistRun.origin_id == origin_id)
    runs = s.scalars(q.order_by(ChecklistRun.run_on.desc(), ChecklistRun.revision.desc())).all()
    closed = [r for r in runs if r.status == "closed"]
    chosen = (closed or runs or [None])[0]
    return run_result(s, chosen) if chosen is not None else None


def quality_status(
    ctx: AppContext, *, today: date | None = None, origin_id: str | None = None
) -> QualityStatus:
    """Declared or not, the latest audit, self-inspection and review, and the open actions."""
    today = today or date.today()

    def mine(q, model):
        return q if origin_id is None else q.where(model.origin_id == origin_id)

    with ctx.db.session(readonly=True) as s:
        records = s.scalars(
            mine(select(QualityRecord).where(QualityRecord.active), QualityRecord).order_by(
                QualityRecord.record_date.desc()
            )
        ).all()
        declaration = next((r for r in records if r.kind == "declaration"), None)
        policy = next((r for r in records if r.kind == "policy"), None)
        review = next((r for r in records if r.kind == "management_review"), None)
        findings = [to_view(r) for r in s.scalars(
            mine(select(Nonconformity), Nonconformity))]  # fmt: skip
        documents = s.scalar(
            mine(select(func.count()).select_from(ControlledDocument), ControlledDocument).where(
                ControlledDocument.active
            )
        )
        return QualityStatus(
            declared=declaration is not None,
            declared_on=declaration.record_date if declaration else None,
            decision_number=declaration.number if declaration else "",
            declared_scope=str((declaration.data or {}).get("scope", "")) if declaration else "",
            policy=str((policy.data or {}).get("text", "")) if policy else "",
            last_internal_audit=_last_run(s, "internal_audit", origin_id),
            last_self_inspection=_last_run(s, "self_inspection", origin_id),
            last_management_review=review.record_date if review else None,
            open_actions=sum(1 for f in findings if f.status != "verified"),
            overdue_actions=sum(1 for f in findings if is_overdue(f, today)),
            report_overdue=sum(1 for f in findings if is_report_overdue(f, today)),
            controlled_documents=int(documents or 0),
            trainings_this_year=sum(
                1 for r in records if r.kind == "training" and r.record_date.year == today.year
            ),
        )
