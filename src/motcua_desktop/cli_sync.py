"""The commune's `motcua export`, `motcua import` and `motcua verify`: the USB exchange without the GUI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from motcua_desktop.i18n import _

COMMANDS = ("export", "import", "verify")


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    """Register `export`, `import` and `verify` on the top-level subparsers."""
    e = sub.add_parser(
        "export", parents=[common], help="write the data bundle for the district to a stick"
    )
    e.add_argument("--to", required=True, type=Path, metavar="DIR", help="the stick or folder")
    e.add_argument("--json", action="store_true")
    e.add_argument("--user", default=None, help="who exports (default: the first admin)")
    e.add_argument(
        "--with-backup", action="store_true", default=None,
        help="also copy an encrypted backup to the stick (whatever the setting says)",
    )  # fmt: skip

    i = sub.add_parser("import", parents=[common], help="apply the district's acks and config")
    i.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="mailbox roots or files")
    i.add_argument("--json", action="store_true")
    i.add_argument("--user", default=None, help="who imports (default: the first admin)")

    v = sub.add_parser("verify", parents=[common], help="check a bundle file; applies nothing")
    v.add_argument("path", type=Path, metavar="PATH")
    v.add_argument("--json", action="store_true")


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_export(ctx, a) -> int:
    from motcua_desktop.cli import _actor
    from motcua_desktop.services.sync_commune import export

    result = export(ctx, a.to, _actor(ctx, a.user), with_backup=a.with_backup)
    if a.json:
        _print_json(result.as_json())
    else:
        print(result.message)
        if result.backup_message:
            print(result.backup_message)
    if result.backup_warning:  # the bundle is safe: a warning, not a failure
        print(_("Warning: {warning}").format(warning=result.backup_warning), file=sys.stderr)
    return 0


def cmd_import(ctx, a) -> int:
    from motcua_desktop.cli import _actor
    from motcua_desktop.services.sync_inbox import import_files, import_inbox
    from motcua_desktop.sync.mailbox import has_mailbox, list_bundles

    actor = _actor(ctx, a.user)
    results, files = [], []
    for path in a.paths:
        if path.is_dir() and has_mailbox(path):
            results += import_inbox(ctx, path, actor)
        elif path.is_dir():
            files += list_bundles(path)
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(2, _("No such file or folder"), str(path))
    if files:
        results += import_files(ctx, files, actor)
    code = 1 if any(r.status == "rejected" for r in results) else 0
    if a.json:
        _print_json([r.as_json() for r in results])
        return code
    if not results:
        print(_("No files from the district were found."))
    for r in results:
        print(f"{r.file_name}: {r.status}: {r.message}")
        for line in r.changes:
            print(f"  - {line}")
    return code


def cmd_verify(ctx, a) -> int:
    from motcua_desktop.services.sync_commune import verify_file

    result = verify_file(ctx, a.path)
    if a.json:
        _print_json(result.as_json())
    else:
        print(("ok  " if result.ok else "FAIL") + f" {a.path.name}: {result.message}")
        if result.kind:
            print(
                _("kind {kind}, changes {first}–{last}, from {sender} to {recipient}").format(
                    kind=result.kind,
                    first=result.seq_from,
                    last=result.seq_to,
                    sender=result.sender_id,
                    recipient=result.recipient_id,
                )
            )
            for table, n in sorted(result.counts.items()):
                print(f"  {table}: {n}")
    return 0 if result.ok else 1


def run(ctx, a) -> int:
    return {"export": cmd_export, "import": cmd_import, "verify": cmd_verify}[a.command](ctx, a)
