"""Running a quality checklist: start, answer item by item, attach evidence, close and sign, revise.

A run is resumable while open; once the leader closes and signs it, every
change raises ``RunClosed``, and a correction is a new open revision that
copies the answers and leaves the signed run as it was. Templates are the
shipped files, newer versions from the district's config bundle, and the
district versions a run was started with (kept under ``<data>/quality/templates``
so an old run still reads against its own items).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.checklist_template import (
    BODY_KIND,
    VERDICTS,
    ChecklistTemplate,
    RunClosed,
    TemplateError,
    load_folder,
    load_template,
    parse_template,
)
from motcua_desktop.domain.errors import NotAllowed, NotFound, StorageError, ValidationError
from motcua_desktop.domain.roles import Permission, roles_with
from motcua_desktop.i18n import _
from motcua_desktop.paths import resources_dir
from motcua_desktop.services import settings
from motcua_desktop.services.catalogue import version_key
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.printing import write_atomically
from motcua_desktop.services.provisioning import TEMPLATES_KEY
from motcua_desktop.store.models import ChecklistAnswer, ChecklistAttachment, ChecklistRun, now

log = logging.getLogger(__name__)
SIGNING_ROLES = roles_with(Permission.CHECKLIST_CLOSE)
ARCHIVE = Path("quality") / "templates"
ATTACHMENTS = Path("quality") / "attachments"


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


def _shipped() -> list[ChecklistTemplate]:
    return load_folder(resources_dir() / "checklists")


def _from_district(s: Session) -> list[ChecklistTemplate]:
    items = (settings.read(s, TEMPLATES_KEY) or {}).get("items") or {}
    out = []
    for name, body in sorted(items.items()):
        if not isinstance(body, dict) or body.get("kind") != BODY_KIND:
            continue
        try:
            out.append(parse_template(body, str(name), origin="district"))
        except TemplateError as exc:  # a bad body from the district must not hide the shipped ones
            log.warning("district checklist template skipped: %s", exc.message)
    return out


def _archived(ctx: AppContext) -> list[ChecklistTemplate]:
    folder = ctx.data_dir / ARCHIVE
    if not folder.is_dir():
        return []
    kept = []
    for path in sorted(folder.glob("*.json")):
        try:
            kept.append(load_template(path, origin="district"))
        except TemplateError as exc:  # a damaged copy must not hide the other templates
            log.warning("archived checklist template skipped: %s", exc.message)
    return kept


def _all(ctx: AppContext, s: Session) -> dict[tuple[str, str], ChecklistTemplate]:
    found: dict[tuple[str, str], ChecklistTemplate] = {}
    for t in [*_archived(ctx), *_shipped(), *_from_district(s)]:
        found.setdefault(t.key, t)
    return found


def templates(ctx: AppContext) -> list[ChecklistTemplate]:
    """The newest version of each checklist template, by code."""
    with ctx.db.session(readonly=True) as s:
        every = _all(ctx, s)
    newest: dict[str, ChecklistTemplate] = {}
    for t in every.values():
        if t.code not in newest or version_key(t.version) > version_key(newest[t.code].version):
            newest[t.code] = t
    return [newest[c] for c in sorted(newest)]


def find_template(ctx: AppContext, code: str, version: str | None = None) -> ChecklistTemplate:
    """Template ``code`` at ``version`` (the newest when None); NotFound otherwise."""
    if version is None:
        found = next((t for t in templates(ctx) if t.code == code), None)
    else:
        with ctx.db.session(readonly=True) as s:
            found = _all(ctx, s).get((code, version))
    if found is None:
        raise NotFound(
            _("There is no checklist template “{code}” {version}.")
            .format(code=code, version=version or "")
            .strip()
        )
    return found


def _archive(ctx: AppContext, t: ChecklistTemplate) -> None:
    if t.source != "district":
        return
    path = ctx.data_dir / ARCHIVE / f"{t.code}-{t.version.replace('/', '_')}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(t.body, ensure_ascii=False, indent=1), "utf-8")


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
    _archive(ctx, template)
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


def _open_row(s: Session, run_id: str) -> ChecklistRun:
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
        row = _open_row(s, run_id)
        template = _template_of(ctx, s, row)
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


def _template_of(ctx: AppContext, s: Session, row: ChecklistRun) -> ChecklistTemplate:
    found = _all(ctx, s).get((row.template_code, row.template_version))
    if found is None:
        raise NotFound(
            _("The checklist template “{code}” version {version} is not on this computer.").format(
                code=row.template_code, version=row.template_version
            )
        )
    return found


def run_view(ctx: AppContext, run_id: str) -> RunView:
    """The run with its answers and attachments, and its progress."""
    with ctx.db.session(readonly=True) as s:
        row = s.get(ChecklistRun, run_id)
        if row is None:
            raise NotFound(_("There is no checklist run with that id."))
        return _view(ctx, s, row)


def _view(ctx: AppContext, s: Session, row: ChecklistRun) -> RunView:
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
        template=_template_of(ctx, s, row),
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
        return [_view(ctx, s, row) for row in s.scalars(q)]


def close_run(ctx: AppContext, actor, run_id: str, signed_by_name: str) -> RunView:
    """Close and sign the run (a leader's act); every item must have a verdict first."""
    require(actor, Permission.CHECKLIST_CLOSE)
    name = " ".join((signed_by_name or "").split())
    if not name:
        raise ValidationError(_("Give the name of the leader who signs."), field="signed_by_name")
    with ctx.db.session(actor=actor) as s:
        row = _open_row(s, run_id)
        view = _view(ctx, s, row)
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


def attach(ctx: AppContext, actor, run_id: str, item_id: str, source_path) -> AttachmentView:
    """Copy a file into ``<data>/quality/attachments/<run>/`` as evidence for an item.

    The copy is written and checked before the row is added; if the row
    cannot be written the copy is removed, so nothing is left half-done.
    """
    require(actor, Permission.CHECKLIST_ANSWER)
    source = Path(source_path)
    if not source.is_file():
        raise ValidationError(
            _("The file {path} does not exist or is not a file.").format(path=source),
            field="source_path",
        )
    with ctx.db.session(readonly=True) as s:
        row = _open_row(s, run_id)
        if _template_of(ctx, s, row).item(item_id) is None:
            raise NotFound(
                _("The checklist has no item “{item}”.").format(item=item_id), field="item_id"
            )
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise StorageError(
            _("The file {path} cannot be read: {error}").format(path=source, error=exc.strerror)
        ) from exc
    digest = hashlib.sha256(data).hexdigest()
    relative = ATTACHMENTS / run_id / f"{item_id}-{digest[:12]}-{_safe_name(source.name)}"
    target = ctx.data_dir / relative
    created = not target.exists()
    if created:
        write_atomically(target, data)
    try:
        with ctx.db.session(actor=actor) as s:
            _open_row(s, run_id)  # closed meanwhile?
            row = ChecklistAttachment(run_id=run_id, item_id=item_id, file_name=source.name,
                                      path=relative.as_posix(), sha256=digest, size=len(data),
                                      created_by=getattr(actor, "id", None))  # fmt: skip
            s.add(row)
            s.flush()
            view = AttachmentView(row.id, item_id, row.file_name, row.path, digest, len(data))
    except BaseException:
        if created:
            target.unlink(missing_ok=True)
        raise
    return view


def _safe_name(name: str) -> str:
    """A file name safe on every desk PC's file system (keeps letters, digits, dot, dash)."""
    cleaned = "".join(c if c.isalnum() or c in ".-_" else "_" for c in name).strip("._")
    return cleaned[-80:] or "file"


def attachment_path(ctx: AppContext, attachment: AttachmentView) -> Path:
    """Where an attachment's copy lives on this computer."""
    return ctx.data_dir / attachment.path
