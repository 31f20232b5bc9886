"""`motcua verify-audit` (check the audit trail's hash chains) and `motcua audit --row` (a row's history)."""

from __future__ import annotations

import argparse
import json

from motcua_desktop.i18n import _

COMMANDS = ("verify-audit", "audit")


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    """Register `verify-audit` and `audit` on the top-level subparsers."""
    v = sub.add_parser(
        "verify-audit", parents=[common], help="check that no audit entry was edited or removed"
    )
    v.add_argument("--json", action="store_true")
    v.add_argument("--chain", default=None, help="check only this chain (an epoch id)")

    a = sub.add_parser("audit", parents=[common], help="the audit history of one row")
    a.add_argument("--row", required=True, metavar="ID", help="a row id or a dossier code")
    a.add_argument("--json", action="store_true")


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_verify_audit(ctx, a) -> int:
    from motcua_desktop.services.audit import summary, verify_chain

    report = verify_chain(ctx, chain_id=a.chain)
    if a.json:
        _print_json(report.as_json())
    else:
        print(summary(report))
    return 0 if report.ok else 1


def _row_id(ctx, text: str) -> str:
    from sqlalchemy import select

    from motcua_desktop.store.models import Dossier

    with ctx.db.session(readonly=True) as s:
        found = s.scalar(select(Dossier.id).where(Dossier.code == text))
    return found or text


def cmd_audit(ctx, a) -> int:
    from motcua_desktop.services.audit import entries_for_row

    entries = entries_for_row(ctx, _row_id(ctx, a.row))
    if a.json:
        _print_json(
            [
                {
                    "position": e.position,
                    "at": e.at.isoformat(),
                    "actor_id": e.actor_id,
                    "actor_name": e.actor_name,
                    "action": e.action,
                    "table": e.table_name,
                    "row_id": e.row_id,
                    "changes": e.changes,
                }
                for e in entries
            ]
        )
        return 0
    if not entries:
        print(_("No audit entries for {row}.").format(row=a.row))
    for e in entries:
        who = e.actor_name or e.actor_id or "-"
        print(f"{e.at:%Y-%m-%d %H:%M:%S}  #{e.position}  {e.action}  {e.table_name}  {who}")
        for name, pair in (e.changes or {}).items() if e.action == "update" else ():
            print(f"    {name}: {pair[0]!r} -> {pair[1]!r}")
    return 0


def run(ctx, a) -> int:
    return {"verify-audit": cmd_verify_audit, "audit": cmd_audit}[a.command](ctx, a)
