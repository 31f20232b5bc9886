"""Running a quality checklist: start, answer item by item, attach evidence, close and sign, revise.

A run is resumable while open; once the leader closes and signs it, every
change raises ``RunClosed``, and a correction is a new open revision that
copies the answers and leaves the signed run as it was. Templates are the
shipped files, newer versions from the district's config bundle, and the
district versions a run was started with (kept under ``<data>/quality/templates``
so an old run still reads against its own items). Where they come from lives in
``checklist_templates``, the reads in ``checklist_views`` and the evidence files
in ``checklist_attachments``; this module is the public face of all four.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from motcua_desktop.domain.checklist_template import VERDICTS
from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.domain.roles import Permission, roles_with
from motcua_desktop.i18n import _
from motcua_desktop.services.checklist_attachments import ATTACHMENTS, attach, attachment_path
from motcua_desktop.services.checklist_templates import (
    ARCHIVE,
    archive_template,
    find_template,
    template_of,
    templates,
)
from motcua_desktop.services.checklist_views import (
    AnswerView,
    AttachmentView,
    RunView,
    list_runs,
    open_row,
    run_view,
    view_of,
)
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.store.models import ChecklistAnswer, ChecklistAttachment, ChecklistRun, now

__all__ = [
    "ARCHIVE",
    "ATTACHMENTS",
    "SIGNING_ROLES",
    "AnswerView",
    "AttachmentView",
    "RunView",
    "answer",
    "attach",
    "attachment_path",
    "close_run",
    "find_template",
    "list_runs",
    "revise_run",
    "run_view",
    "start_run",
    "templates",
]

SIGNING_ROLES = roles_with(Permission.CHECKLIST_CLOSE)


def _clean_auditors(auditors) -> list[str]:
    names = [" ".join(str(a).split()) for a in (auditors or [])]
    return [n for n in names if n]


def start_run(
    ctx: AppContext,
    actor,
    template_code: str,
    *,
    run_on: date,
    scope: str,
    auditors,
    title: str = "",
    template_version: str | None = None,
) -> RunView:
    """Open a new run of a template (its newest version unless one is named)."""
    require(actor, Permission.CHECKLIST_ANSWER)
    template = find_template(ctx, template_code, template_version)
    names = _clean_auditors(auditors)
    if not names:
        raise ValidationError(_("Name at least one auditor."), field="auditors")
    if not isinstance(run_on, date):
        raise ValidationError(_("Give the date of the check."), field="run_on")
    archive_template(ctx, template)
    with ctx.db.session(actor=actor) as s:
        row = ChecklistRun(
            template_code=template.code,
            template_version=template.version,
            kind=template.run_kind,
            title=" ".join((title or template.title).split()),
            run_on=run_on,
            scope=(scope or "").strip(),
            auditors=names,
            created_by=getattr(actor, "id", None),
        )
        s.add(row)
        s.flush()
        run_id = row.id
    return run_view(ctx, run_id)


def answer(
    ctx: AppContext, actor, run_id: str, item_id: str, verdict: str | None, evidence: str = ""
) -> RunView:
    """Record the verdict (conforming, minor, major, na; None to clear it) and the evidence note."""
    require(actor, Permission.CHECKLIST_ANSWER)
    if verdict is not None and verdict not in VERDICTS:
        raise ValidationError(
            _("Unknown verdict “{verdict}”; use conforming, minor, major or na.").format(
                verdict=verdict
            ),
            field="verdict",
        )
    with ctx.db.session(actor=actor) as s:
        row = open_row(s, run_id)
        template = template_of(ctx, s, row)
        if template.item(item_id) is None:
            raise NotFound(
                _("The checklist has no item “{item}”.").format(item=item_id), field="item_id"
            )
        existing = s.scalar(
            select(ChecklistAnswer).where(
                ChecklistAnswer.run_id == run_id, ChecklistAnswer.item_id == item_id
            )
        )
        if existing is None:
            existing = ChecklistAnswer(run_id=run_id, item_id=item_id,
                                       created_by=getattr(actor, "id", None))  # fmt: skip
            s.add(existing)
        existing.verdict = verdict
        existing.evidence = (evidence or "").strip()
        existing.answered_at = now()
        existing.answered_by = getattr(actor, "id", None)
    return run_view(ctx, run_id)


def close_run(ctx: AppContext, actor, run_id: str, signed_by_name: str) -> RunView:
    """Close and sign the run (a leader's act); every item must have a verdict first."""
    require(actor, Permission.CHECKLIST_CLOSE)
    name = " ".join((signed_by_name or "").split())
    if not name:
        raise ValidationError(_("Give the name of the leader who signs."), field="signed_by_name")
    with ctx.db.session(actor=actor) as s:
        row = open_row(s, run_id)
        view = view_of(ctx, s, row)
        answered, total = view.progress
        if answered < total:
            raise ValidationError(
                _("{missing} of {total} items have no verdict yet; answer them before closing.")
                .format(missing=total - answered, total=total),
                field="answers",
            )  # fmt: skip
        row.status = "closed"
        row.closed_at = now()
        row.closed_by = getattr(actor, "id", None)
        row.signed_by_name = name
    return run_view(ctx, run_id)


def revise_run(ctx: AppContext, actor, run_id: str) -> RunView:
    """A new open revision of a closed run, copying its answers and attachments; the old stays."""
    require(actor, Permission.CHECKLIST_ANSWER)
    with ctx.db.session(actor=actor) as s:
        old = s.get(ChecklistRun, run_id)
        if old is None:
            raise NotFound(_("There is no checklist run with that id."))
        if old.status != "closed":
            raise NotAllowed(_("This checklist is still open; correct it directly."))
        if s.scalar(select(ChecklistRun.id).where(ChecklistRun.supersedes_id == old.id)):
            raise NotAllowed(_("This checklist already has a newer revision; revise that one."))
        actor_id = getattr(actor, "id", None)
        new = ChecklistRun(
            template_code=old.template_code, template_version=old.template_version,
            kind=old.kind, title=old.title, run_on=old.run_on, scope=old.scope,
            auditors=list(old.auditors or []), revision=old.revision + 1,
            supersedes_id=old.id, note=old.note, created_by=actor_id,
        )  # fmt: skip
        s.add(new)
        s.flush()
        for a in s.scalars(select(ChecklistAnswer).where(ChecklistAnswer.run_id == old.id)):
            s.add(ChecklistAnswer(run_id=new.id, item_id=a.item_id, verdict=a.verdict,
                                  evidence=a.evidence, answered_at=a.answered_at,
                                  answered_by=a.answered_by, created_by=actor_id))  # fmt: skip
        for f in s.scalars(select(ChecklistAttachment).where(ChecklistAttachment.run_id == old.id)):
            s.add(ChecklistAttachment(run_id=new.id, item_id=f.item_id, file_name=f.file_name,
                                      path=f.path, sha256=f.sha256, size=f.size,
                                      created_by=actor_id))  # fmt: skip
        new_id = new.id
    return run_view(ctx, new_id)
