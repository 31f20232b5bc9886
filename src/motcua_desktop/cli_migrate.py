"""The `motcua migrate-book` command: import a historical tracking book from XLSX or CSV."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from motcua_desktop.i18n import _


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    """Register `migrate-book` on the top-level subparsers."""
    m = sub.add_parser(
        "migrate-book",
        parents=[common],
        help="import a historical tracking book (form 07) from .xlsx or .csv",
    )
    m.add_argument("file", type=Path, help="the book: .xlsx, or .csv in UTF-8")
    m.add_argument(
        "--mapping",
        type=Path,
        default=None,
        help='JSON naming the column of each field, for other layouts: {"columns": {...}}',
    )
    m.add_argument("--dry-run", action="store_true", help="check every row, import nothing")
    m.add_argument("--json", action="store_true")
    m.add_argument("--user", default=None, help="who imports (default: the first admin)")


def run(ctx, a) -> int:
    from motcua_desktop.cli import _actor
    from motcua_desktop.services.migrate_book import migrate_book

    report = migrate_book(ctx, a.file, _actor(ctx, a.user), mapping=a.mapping, dry_run=a.dry_run)
    if a.json:
        data = {
            "file": str(a.file),
            "dry_run": report.dry_run,
            "imported": report.imported,
            "skipped_existing": report.skipped_existing,
            "already_imported": [{"line": n, "code": c} for n, c in report.already_imported],
            "rejected": [{"line": n, "reason": r} for n, r in report.rejected],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if report.dry_run:
        head = _("Dry run, nothing written: {n} dossiers would be imported.")
    else:
        head = _("{n} dossiers imported.")
    print(head.format(n=report.imported))
    if report.skipped_existing:
        print(
            _("{n} rows already imported (their codes are in the database):").format(
                n=report.skipped_existing
            )
        )
        for line, code in report.already_imported:
            print("  " + _("line {line}: {code}").format(line=line, code=code))
    if report.rejected:
        print(_("{n} rows rejected:").format(n=len(report.rejected)))
        for line, reason in report.rejected:
            print("  " + _("line {line}: {reason}").format(line=line, reason=reason))
    return 0
