"""Reading checklist runs: the run, its answers and attachments, as plain views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.checklist_template import VERDICTS, ChecklistTemplate, RunClosed
from motcua_desktop.domain.errors import NotFound
from motcua_desktop.i18n import _
from motcua_desktop.services.checklist_templates import template_of
from motcua_desktop.services.context import AppContext
from motcua_desktop.store.models import ChecklistAnswer, ChecklistAttachment, ChecklistRun


@dataclass(frozen=True)
class AttachmentView:
    id: str
    item_id: str
    file_name: str
    path: str  # relative to the data folder
    sha256: str
    size: int


@dataclass(frozen=True)
class AnswerView:
    item_id: str
    verdict: str | None
    evidence: str = ""
    answered_at: datetime | None = None
    attachments: tuple[AttachmentView, ...] = ()


@dataclass(frozen=True)
class RunView:
    """A run with its template's items and the answers so far."""

    id: str
    template: ChecklistTemplate
    kind: str
    title: str
    run_on: date
    scope: str
    auditors: tuple[str, ...]
    status: str
    revision: int
    supersedes_id: str | None
    closed_at: datetime | None = None
    signed_by_name: str = ""
    answers: dict[str, AnswerView] = field(default_factory=dict)
    superseded_by: str | None = None

    @property
    def closed(self) -> bool:
        return self.status == "closed"

    @property
    def progress(self) -> tuple[int, int]:
        """(items with a verdict, items in the template)."""
        items = self.template.items
        return sum(1 for i in items if self.verdict(i.id)), len(items)

    def verdict(self, item_id: str) -> str | None:
        answer = self.answers.get(item_id)
        return answer.verdict if answer else None

    def counts(self) -> dict[str, int]:
        """How many items got each verdict, and "unanswered"."""
        out = dict.fromkeys((*VERDICTS, "unanswered"), 0)
        for item in self.template.items:
            out[self.verdict(item.id) or "unanswered"] += 1
        return out


def open_row(s: Session, run_id: str) -> ChecklistRun:
    """The run's row for a change; NotFound, or RunClosed once it is closed and signed."""
    row = s.get(ChecklistRun, run_id)
    if row is None:
        raise NotFound(_("There is no checklist run with that id."))
    if row.status == "closed":
        raise RunClosed(
            _(
                "This checklist was closed and signed on {day}; it can no longer change. "
                "Start a revision to correct it."
            ).format(day=row.closed_at.strftime("%d/%m/%Y") if row.closed_at else "–")
        )
    return row


def run_view(ctx: AppContext, run_id: str) -> RunView:
    """The run with its answers and attachments, and its progress."""
    with ctx.db.session(readonly=True) as s:
        row = s.get(ChecklistRun, run_id)
        if row is None:
            raise NotFound(_("There is no checklist run with that id."))
        return view_of(ctx, s, row)


def view_of(ctx: AppContext, s: Session, row: ChecklistRun) -> RunView:
    """``row`` as a RunView, inside the caller's session."""
    files: dict[str, list[AttachmentView]] = {}
    for a in s.scalars(
        select(ChecklistAttachment)
        .where(ChecklistAttachment.run_id == row.id)
        .order_by(ChecklistAttachment.created_at, ChecklistAttachment.file_name)
    ):
        files.setdefault(a.item_id, []).append(
            AttachmentView(a.id, a.item_id, a.file_name, a.path, a.sha256, a.size)
        )
    answers = {
        a.item_id: AnswerView(a.item_id, a.verdict, a.evidence, a.answered_at,
                              tuple(files.get(a.item_id, ())))
        for a in s.scalars(select(ChecklistAnswer).where(ChecklistAnswer.run_id == row.id))
    }  # fmt: skip
    for item_id, attached in files.items():
        answers.setdefault(item_id, AnswerView(item_id, None, attachments=tuple(attached)))
    later = s.scalar(select(ChecklistRun.id).where(ChecklistRun.supersedes_id == row.id))
    return RunView(
        id=row.id,
        template=template_of(ctx, s, row),
        kind=row.kind,
        title=row.title,
        run_on=row.run_on,
        scope=row.scope,
        auditors=tuple(row.auditors or ()),
        status=row.status,
        revision=row.revision,
        supersedes_id=row.supersedes_id,
        closed_at=row.closed_at,
        signed_by_name=row.signed_by_name,
        answers=answers,
        superseded_by=later,
    )


def list_runs(
    ctx: AppContext, *, kind: str | None = None, origin_id: str | None = None
) -> list[RunView]:
    """Every run, newest first (``origin_id``: one commune's, at the district)."""
    q = select(ChecklistRun).order_by(ChecklistRun.run_on.desc(), ChecklistRun.revision.desc())
    if kind:
        q = q.where(ChecklistRun.kind == kind)
    if origin_id is not None:
        q = q.where(ChecklistRun.origin_id == origin_id)
    with ctx.db.session(readonly=True) as s:
        return [view_of(ctx, s, row) for row in s.scalars(q)]
