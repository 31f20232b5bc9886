"""`motcua purge-personal` (the retention purge), `motcua retention` and `motcua exports`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from motcua_desktop.i18n import _, ngettext

COMMANDS = ("purge-personal", "retention", "exports")


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    """Register the personal-data commands on the top-level subparsers."""
    p = sub.add_parser(
        "purge-personal",
        parents=[common],
        help="blank citizens' personal data in closed dossiers older than the retention period",
    )
    p.add_argument("--years", type=int, default=None, help="default: the retention setting")
    p.add_argument("--dry-run", action="store_true", help="only say what would be purged")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--user", default=None, help="the leader or administrator (default: the first)")
    p.add_argument("--json", action="store_true")

    r = sub.add_parser("retention", parents=[common], help="show or set the retention period")
    r.add_argument("--set", type=int, default=None, metavar="YEARS", help="0 keeps everything")
    r.add_argument("--user", default=None, help="acting user (default: the first admin)")
    r.add_argument("--json", action="store_true")

    e = sub.add_parser(
        "exports", parents=[common], help="who exported personal data, what and when"
    )
    e.add_argument("--since", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    e.add_argument("--json", action="store_true")


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _confirm(n: int, years: int) -> bool:
    question = ngettext(
        "Blank the personal data of {n} closed dossier older than {years} years? "
        "This cannot be undone. [y/N] ",
        "Blank the personal data of {n} closed dossiers older than {years} years? "
        "This cannot be undone. [y/N] ",
        n,
    ).format(n=n, years=years)
    sys.stdout.write(question)
    sys.stdout.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes", "c", "có", "co")


def cmd_purge(ctx, a) -> int:
    from motcua_desktop.cli import _actor
    from motcua_desktop.services.retention import purge_personal_data

    actor = _actor(ctx, a.user)
    preview = purge_personal_data(ctx, actor, years=a.years, dry_run=True)
    if a.dry_run or not preview.dossiers:
        result = preview
    elif not a.yes and not _confirm(preview.dossiers, preview.years):
        print(_("Nothing was purged."))
        return 1
    else:
        result = purge_personal_data(ctx, actor, years=preview.years)
    if a.json:
        _print_json(result.as_json())
    elif result.dry_run:
        print(
            ngettext(
                "{n} closed dossier older than {years} years would be purged.",
                "{n} closed dossiers older than {years} years would be purged.",
                result.dossiers,
            ).format(n=result.dossiers, years=result.years)
        )
        for code in result.codes:
            print(f"  {code}")
    else:
        print(
            ngettext(
                "Personal data purged from {n} closed dossier older than {years} years.",
                "Personal data purged from {n} closed dossiers older than {years} years.",
                result.dossiers,
            ).format(n=result.dossiers, years=result.years)
        )
    return 0


def cmd_retention(ctx, a) -> int:
    from motcua_desktop.cli import _actor
    from motcua_desktop.services import retention

    if a.set is not None:
        retention.set_retention_years(ctx, a.set, _actor(ctx, a.user))
    years = retention.retention_years(ctx)
    if a.json:
        _print_json({"retention_years": years, "purged": retention.purged_count(ctx)})
    elif years:
        print(_("Personal data of closed dossiers is kept {years} years.").format(years=years))
    else:
        print(_("No retention period is set: personal data is kept."))
    return 0


def cmd_exports(ctx, a) -> int:
    from motcua_desktop.services.export_log import list_exports

    found = list_exports(ctx, since=a.since)
    if a.json:
        _print_json([e.as_json() for e in found])
        return 0
    if not found:
        print(_("No exports of personal data were logged."))
    for e in found:
        who = e.actor_name or e.actor_id or "-"
        print(f"{e.at:%Y-%m-%d %H:%M:%S}\t{who}\t{e.kind}\t{e.dossiers}\t{e.file}")
    return 0


def run(ctx, a) -> int:
    return {"purge-personal": cmd_purge, "retention": cmd_retention, "exports": cmd_exports}[
        a.command
    ](ctx, a)
