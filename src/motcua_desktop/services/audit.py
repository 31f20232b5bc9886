"""Checking the audit trail (`motcua verify-audit`, the doctor) and reading a row's history.

Each installation's entries form a hash chain (``store.audit_chain``). A
commune verifies its own chain; the district verifies every chain it holds,
one per (commune, installation). The district holds only what was sent, so a
chain may end early; a position missing before the last one held is a removal.

Personal values in an update are sealed (``store.audit_chain``): ``changes``
holds salted digests, the unhashed ``sealed`` column the plain values. Plain
values that no longer match their digests are tampering too; an entry whose
plain values the retention purge removed (``sealed`` NULL, digests kept)
verifies and is counted in ``AuditReport.purged``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import can
from motcua_desktop.store.audit_chain import GENESIS, SEALED_KEY, entry_hash, seal_digest
from motcua_desktop.store.models import AuditEntry

EDITED, REMOVED, REORDERED = "edited", "removed", "reordered"
UNSEALED = "unsealed"  # the plain personal values no longer match their digests
PURGED_TEXT = "[purged]"  # a sealed value the retention purge removed
HIDDEN_TEXT = "[sealed]"  # a sealed value the viewer's role may not see
_COLUMNS = (
    AuditEntry.origin_id,
    AuditEntry.chain_id,
    AuditEntry.position,
    AuditEntry.at,
    AuditEntry.actor_id,
    AuditEntry.actor_name,
    AuditEntry.action,
    AuditEntry.table_name,
    AuditEntry.row_id,
    AuditEntry.changes,
    AuditEntry.prev_hash,
    AuditEntry.hash,
    AuditEntry.sealed,
)


@dataclass(frozen=True)
class AuditProblem:
    chain_id: str
    origin_id: str | None  # the commune at the district; None for this installation's own
    position: int
    kind: str  # edited | removed | reordered | unsealed

    def describe(self) -> str:
        text = {
            EDITED: _("entry {position} was edited"),
            REMOVED: _("entry {position} was removed"),
            REORDERED: _("entry {position} was moved from its place"),
            UNSEALED: _("the personal values kept with entry {position} were edited"),
        }[self.kind]
        return text.format(position=self.position)

    def as_json(self) -> dict[str, Any]:
        return {
            "chain_id": self.chain_id,
            "origin_id": self.origin_id,
            "position": self.position,
            "kind": self.kind,
        }


@dataclass
class AuditReport:
    checked: int = 0
    chains: int = 0
    problems: list[AuditProblem] = field(default_factory=list)
    purged: int = 0  # entries whose sealed personal values the retention purge removed

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "chains": self.chains,
            "purged": self.purged,
            "problems": [p.as_json() for p in self.problems],
        }


@dataclass(frozen=True)
class AuditRecord:
    position: int
    at: datetime
    actor_id: str | None
    actor_name: str
    action: str
    table_name: str
    row_id: str
    changes: Any  # sealed fields as [before, after] plain values, or the markers above
    chain_id: str
    purged: bool = False  # its personal values were removed by the retention purge


def _moved(rows: list[Any], intact: list[bool]) -> set[int]:
    """Indexes of entries whose hash is right for another position: where their link says.

    An entry's first position is one after its predecessor's (found by the
    ``prev_hash`` it links to); swapped entries are resolved one after another.
    """
    first = {r.hash: r.position for r, ok in zip(rows, intact, strict=True) if ok}
    first[GENESIS] = 0
    todo = {i for i, ok in enumerate(intact) if not ok}
    moved: set[int] = set()
    progress = True
    while todo and progress:
        progress = False
        for i in sorted(todo):
            r = rows[i]
            before = first.get(r.prev_hash)
            if before is None:
                continue
            was = before + 1
            if was != r.position and entry_hash({**r._asdict(), "position": was}) == r.hash:
                first[r.hash] = was
                moved.add(i)
            todo.discard(i)
            progress = True
    return moved


def sealed_fields(changes: Any) -> list[str]:
    """The fields of an entry's ``changes`` whose values are sealed digests."""
    if not isinstance(changes, dict):
        return []
    return [
        name
        for name, pair in changes.items()
        if isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(v, dict) and SEALED_KEY in v for v in pair)
    ]


def seal_matches(changes: Any, sealed: Any) -> bool:
    """True when every sealed field's plain values (and salts) give back its digests."""
    if not isinstance(sealed, dict):
        return False
    names = sealed_fields(changes)
    if set(names) != set(sealed):
        return False
    for name in names:
        plain = sealed[name]
        if not isinstance(plain, dict):
            return False
        try:
            pairs = ((plain["salt_before"], plain["before"]), (plain["salt_after"], plain["after"]))
            digests = [seal_digest(str(salt), value) for salt, value in pairs]
        except KeyError:
            return False
        if digests != [v[SEALED_KEY] for v in changes[name]]:
            return False
    return True


def _check_sealed(r: Any, report: AuditReport) -> None:
    if r.sealed is not None:
        if not seal_matches(r.changes, r.sealed):
            report.problems.append(AuditProblem(r.chain_id, r.origin_id, r.position, UNSEALED))
    elif sealed_fields(r.changes):
        report.purged += 1


def _check_chain(rows: list[Any], report: AuditReport) -> None:
    """Append the problems of one chain (``rows`` in position order) to ``report``."""
    inst, origin = rows[0].chain_id, rows[0].origin_id
    intact = [entry_hash(r._asdict()) == r.hash for r in rows]
    moved = _moved(rows, intact) if not all(intact) else set()
    expected = 1
    for i, r in enumerate(rows):
        if r.position > expected:
            report.problems.append(AuditProblem(inst, origin, expected, REMOVED))
        if not intact[i]:
            kind = REORDERED if i in moved else EDITED
            report.problems.append(AuditProblem(inst, origin, r.position, kind))
        elif r.position == 1 and r.prev_hash != GENESIS:
            report.problems.append(AuditProblem(inst, origin, r.position, EDITED))
        elif r.position == expected and i > 0 and intact[i - 1] and r.prev_hash != rows[i - 1].hash:
            # The entry before was rewritten with a fresh hash: the link to it broke.
            report.problems.append(AuditProblem(inst, origin, r.position - 1, EDITED))
        _check_sealed(r, report)
        expected = r.position + 1


def verify_chain(ctx: AppContext, *, chain_id: str | None = None) -> AuditReport:
    """Recompute every chain (or the one of ``chain_id``) and report what breaks it."""
    report = AuditReport()
    stmt = select(*_COLUMNS).order_by(
        AuditEntry.origin_id, AuditEntry.chain_id, AuditEntry.position
    )
    if chain_id is not None:
        stmt = stmt.where(AuditEntry.chain_id == chain_id)
    chain: list[Any] = []
    with ctx.db.session(readonly=True) as s:
        for r in s.execute(stmt.execution_options(yield_per=5000)):
            report.checked += 1
            if chain and (r.origin_id, r.chain_id) != (
                chain[0].origin_id,
                chain[0].chain_id,
            ):
                report.chains += 1
                _check_chain(chain, report)
                chain = []
            chain.append(r)
    if chain:
        report.chains += 1
        _check_chain(chain, report)
    return report


def readable_changes(changes: Any, sealed: Any, *, visible: bool = True) -> Any:
    """``changes`` with each sealed field's digests replaced by its plain values when kept
    and ``visible``, else by ``[sealed]`` (kept, not for this viewer) or ``[purged]``."""
    names = sealed_fields(changes)
    if not names:
        return changes
    out = dict(changes)
    for name in names:
        plain = sealed.get(name) if isinstance(sealed, dict) else None
        if not isinstance(plain, dict):
            out[name] = [PURGED_TEXT, PURGED_TEXT]
        elif visible:
            out[name] = [plain.get("before"), plain.get("after")]
        else:
            out[name] = [HIDDEN_TEXT, HIDDEN_TEXT]
    return out


def entries_for_row(ctx: AppContext, row_id: str, *, viewer: Any = None) -> list[AuditRecord]:
    """The audit entries about one row (a dossier's history), oldest first.

    Sealed personal values are shown plain; when ``viewer`` is given they are
    shown only if the viewer's role may see citizens' ID numbers.
    """
    visible = viewer is None or can(viewer, Permission.VIEW_ID_NUMBERS)
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.row_id == row_id)
        .order_by(AuditEntry.at, AuditEntry.chain_id, AuditEntry.position)
    )
    with ctx.db.session(readonly=True) as s:
        return [
            AuditRecord(
                position=e.position,
                at=e.at,
                actor_id=e.actor_id,
                actor_name=e.actor_name,
                action=e.action,
                table_name=e.table_name,
                row_id=e.row_id,
                changes=readable_changes(e.changes, e.sealed, visible=visible),
                chain_id=e.chain_id,
                purged=e.sealed is None and bool(sealed_fields(e.changes)),
            )
            for e in s.scalars(stmt)
        ]


def summary(report: AuditReport, *, limit: int = 5) -> str:
    """One line for a person: intact, or the first broken positions."""
    if report.ok and report.purged:
        return _(
            "The audit trail is intact ({n} entries checked; personal values purged from "
            "{purged} of them)."
        ).format(n=report.checked, purged=report.purged)
    if report.ok:
        return _("The audit trail is intact ({n} entries checked).").format(n=report.checked)
    shown = "; ".join(p.describe() for p in report.problems[:limit])
    more = len(report.problems) - limit
    if more > 0:
        shown += "; " + _("and {n} more").format(n=more)
    return _("The audit trail has been tampered with: {problems}.").format(problems=shown)
