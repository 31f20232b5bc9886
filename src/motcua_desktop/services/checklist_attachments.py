"""Evidence files for checklist items, copied under ``<data>/quality/attachments``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from motcua_desktop.domain.errors import NotFound, StorageError, ValidationError
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services.checklist_templates import template_of
from motcua_desktop.services.checklist_views import AttachmentView, open_row
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.printing import write_atomically
from motcua_desktop.store.models import ChecklistAttachment

ATTACHMENTS = Path("quality") / "attachments"


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
        row = open_row(s, run_id)
        if template_of(ctx, s, row).item(item_id) is None:
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
            open_row(s, run_id)  # closed meanwhile?
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
