"""The `motcua` command line: headless access to the desk's jobs for scripts, tests and the district."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from motcua_desktop import (
    __version__,
    cli_audit,
    cli_backup,
    cli_district,
    cli_dossier,
    cli_migrate,
    cli_privacy,
    cli_provision,
    cli_report,
    cli_sync,
)
from motcua_desktop.domain.dossier import Applicant, Channel, DossierRecord
from motcua_desktop.domain.errors import MotcuaError, NotAllowed
from motcua_desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language

CHANNELS = {"in-person": Channel.IN_PERSON, "online": Channel.ONLINE, "postal": Channel.POSTAL}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        sys.stderr.write(f"motcua: error: {message}\n")
        raise SystemExit(2)


# `motcua print` kinds (command-line spelling) and the slip kinds of services.printing.
SLIP_KINDS = {k: k.replace("-", "_") for k in
              ("receipt", "supplement", "refusal", "apology", "stop", "control-sheet")}  # fmt: skip


def _day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f'expected "YYYY-MM-DD", got "{text}"') from None


def _when(text: str) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f'expected "YYYY-MM-DD HH:MM", got "{text}"')


SETUP_PROFILE_OPTIONS = ("--commune-name", "--parent-body", "--unit-name", "--agency-code",
                         "--place-name")  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: given after the subcommand it wins; absent, the global value stays.
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="data folder")
    p = _Parser(prog="motcua", description="Offline one-stop desk (Bộ phận Một cửa).")
    p.add_argument("--version", action="version", version=f"motcua {__version__}")
    p.add_argument(
        "--data-dir",
        default=None,
        help="data folder (default: $MOTCUA_DATA_DIR or the user data folder)",
    )
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of messages (default: $MOTCUA_LANG or vi)",
    )
    p.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="database URL for the district (postgresql://…; default: the data folder's file)",
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    d = sub.add_parser(
        "demo", parents=[common], help="fill the data folder with a fictional commune"
    )
    d.add_argument("--dossiers", type=int, default=300)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--today", type=lambda s: datetime.strptime(s, "%Y-%m-%d").date(), default=None)
    d.add_argument("--force", action="store_true", help="seed even if a commune is set up")

    s = sub.add_parser("setup", parents=[common], help="set up the commune and its first admin")
    for option in SETUP_PROFILE_OPTIONS:  # required unless --provisioning gives them
        s.add_argument(option, default=None)
    cli_provision.add_setup_option(s)
    s.add_argument("--phone", default="")
    s.add_argument("--upper-office", default="")
    s.add_argument("--admin", required=True, help="user name of the first administrator")
    s.add_argument("--admin-password", required=True)
    s.add_argument("--admin-name", default=None, help="full name (default: the user name)")
    s.add_argument("--user", default=None, help="acting admin when the commune is already set up")

    u = sub.add_parser("users", parents=[common], help="manage users")
    usub = u.add_subparsers(dest="users_command", required=True, parser_class=_Parser)
    ua = usub.add_parser("add", parents=[common], help="add a user")
    ua.add_argument("username")
    ua.add_argument("--name", required=True)
    ua.add_argument("--role", required=True, choices=["clerk", "leader", "admin"])
    ua.add_argument("--password", required=True)
    ua.add_argument("--user", default=None, help="acting admin (default: the first admin)")
    usub.add_parser("list", parents=[common], help="list users")

    i = sub.add_parser("intake", parents=[common], help="take in a dossier; prints it as JSON")
    i.add_argument("--procedure", required=True)
    i.add_argument("--name", required=True)
    i.add_argument("--id-number", default="")
    i.add_argument("--phone", default="")
    i.add_argument("--address", default="")
    i.add_argument("--email", default="")
    i.add_argument("--channel", choices=list(CHANNELS), default="in-person")
    i.add_argument("--received", type=_when, default=None, help='"YYYY-MM-DD HH:MM"')
    i.add_argument(
        "--missing",
        type=int,
        nargs="+",
        default=[],
        metavar="COMPONENT_INDEX",
        help="1-based positions of components not handed in",
    )
    i.add_argument("--supplement-reason", default=None)
    i.add_argument("--contact-name", default="")
    i.add_argument("--contact-phone", default="")
    i.add_argument("--refuse", default=None, metavar="REASON")
    i.add_argument("--user", default=None)

    du = sub.add_parser("due", parents=[common], help="the appointment for a procedure and time")
    du.add_argument("--procedure", required=True)
    du.add_argument("--received", type=_when, required=True)
    du.add_argument("--json", action="store_true")

    pr = sub.add_parser(
        "print", parents=[common], help="print a slip, or the tracking book, to a PDF file"
    )
    pr.add_argument("kind", choices=[*SLIP_KINDS, "book"])
    pr.add_argument("code", nargs="?", default=None, help="dossier code (not for book)")
    pr.add_argument("-o", "--output", required=True, type=Path)
    pr.add_argument("--from", dest="date_from", type=_day, metavar="DATE", help="book: YYYY-MM-DD")
    pr.add_argument("--to", dest="date_to", type=_day, metavar="DATE", help="book: YYYY-MM-DD")
    pr.add_argument("--paper", choices=["A4", "A5"], default=None)
    pr.add_argument("--copies", type=int, choices=[1, 2], default=None)
    pr.add_argument("--user", default=None)

    cli_dossier.add_parser(sub, common, _Parser, _when)
    cli_migrate.add_parser(sub, common)
    cli_district.add_parser(sub, common, _Parser, _day)
    cli_sync.add_parser(sub, common)
    cli_audit.add_parser(sub, common)
    cli_report.add_parser(sub, common, _day)
    cli_backup.add_parser(sub, common)
    cli_privacy.add_parser(sub, common)
    cli_provision.add_parser(sub, common)

    doc = sub.add_parser("doctor", parents=[common], help="check the installation")
    doc.add_argument("--json", action="store_true")
    doc.add_argument("--repair", action="store_true", help="make the safe repairs (search index)")
    return p


def _actor(ctx, username: str | None):
    from motcua_desktop.services import users

    if username:
        return users.get_user(ctx, username)
    admin = users.first_admin(ctx)
    if admin is None:
        raise NotAllowed(_("There are no users yet; run `motcua setup` or `motcua demo` first."))
    return admin


def _dossier_json(r: DossierRecord) -> dict:
    return {
        "code": r.code,
        "status": int(r.status),
        "status_name": r.status.name,
        "procedure_code": r.procedure_code,
        "procedure_name": r.procedure_name,
        "applicant": r.applicant.name,
        "channel": int(r.channel),
        "received_at": r.received_at.isoformat(),
        "due_at": r.due_at.isoformat() if r.due_at else None,
        "processing_text": r.processing_text,
        "book_number": r.book_number,
        "book_serial": r.book_serial,
        "reason": r.reason,
        "missing": [c.name for c in r.components if c.missing],
        "created_by": r.created_by,
    }


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_demo(ctx, a) -> int:
    from motcua_desktop.services.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo

    summary = seed_demo(
        ctx, dossiers=a.dossiers, seed=a.seed, today=a.today, force=a.force, extras=True
    )
    print(
        _(
            'Demo data written to {path}: {n} dossiers. Users {users}; password "{password}".'
        ).format(
            path=ctx.data_dir,
            n=summary.dossiers,
            users=", ".join(name for name, _full, _role in DEMO_USERS),
            password=DEMO_PASSWORD,
        )
    )
    return 0


def profile_from_args(a):
    """The commune profile given on the command line (``setup`` and ``district provision``)."""
    from motcua_desktop.domain.profile import CommuneProfile

    return CommuneProfile(
        commune_name=a.commune_name,
        parent_body=a.parent_body,
        unit_name=a.unit_name,
        agency_code=a.agency_code,
        place_name=a.place_name,
        phone=a.phone,
        upper_office_name=a.upper_office,
    )


def cmd_setup(ctx, a) -> int:
    from motcua_desktop.services import setup, users

    actor = _actor(ctx, a.user) if users.has_users(ctx) else None
    if a.provisioning:
        return cli_provision.setup_from_file(ctx, a, actor)
    missing = [o for o in SETUP_PROFILE_OPTIONS if not getattr(a, o[2:].replace("-", "_"))]
    if missing:
        sys.stderr.write(f"motcua: error: the following arguments are required: {missing[0]}\n")
        return 2
    profile = profile_from_args(a)
    # Validate first so a bad profile does not leave a lone admin behind.
    setup.validate_profile(profile)
    if actor is None:
        actor = users.create_user(ctx, a.admin, a.admin_name or a.admin, a.admin_password, "admin")
    else:
        users.create_user(ctx, a.admin, a.admin_name or a.admin, a.admin_password, "admin", actor)
    setup.save_profile(ctx, profile, actor)
    print(_("Commune {name} is set up.").format(name=profile.commune_name))
    return 0


def cmd_users(ctx, a) -> int:
    from motcua_desktop.services import users

    if a.users_command == "list":
        for u in users.list_users(ctx):
            print(f"{u.username}\t{u.role}\t{u.full_name}")
        return 0
    actor = _actor(ctx, a.user) if users.has_users(ctx) else None
    info = users.create_user(ctx, a.username, a.name, a.password, a.role, actor)
    print(_("User {name} added ({role}).").format(name=info.username, role=info.role))
    return 0


def cmd_intake(ctx, a) -> int:
    from motcua_desktop.services import catalogue, intake

    actor = _actor(ctx, a.user)
    procedure = catalogue.get_procedure(ctx, a.procedure)
    count = len(procedure.components)
    bad = [n for n in a.missing if not 1 <= n <= count]
    if bad:
        raise NotAllowed(
            _("Component {n} does not exist; this procedure has {count} components.").format(
                n=bad[0], count=count
            )
        )
    req = intake.IntakeRequest(
        procedure_code=procedure.code,
        applicant=Applicant(a.name, a.id_number, a.phone, a.address, a.email),
        channel=CHANNELS[a.channel],
        components=intake.components_from_procedure(procedure, {n - 1 for n in a.missing}),
        received_at=a.received,
    )
    if a.refuse:
        record = intake.refuse(ctx, req, a.refuse, actor)
    elif a.supplement_reason:
        record = intake.request_supplement(
            ctx, req, a.supplement_reason, actor, a.contact_name, a.contact_phone
        )
    else:
        record = intake.accept(ctx, req, actor)
    _print_json(_dossier_json(record))
    return 0


def cmd_due(ctx, a) -> int:
    from motcua_desktop.domain.calendar import processing_text
    from motcua_desktop.services import catalogue, intake

    procedure = catalogue.get_procedure(ctx, a.procedure)
    due = intake.preview_due(ctx, procedure.code, a.received)
    if a.json:
        _print_json(
            {
                "procedure_code": procedure.code,
                "received_at": a.received.isoformat(),
                "due_at": due.isoformat(),
                "processing_text": processing_text(procedure.processing),
            }
        )
    else:
        print(due.strftime("%Y-%m-%d %H:%M"))
    return 0


def cmd_print(ctx, a) -> int:
    from motcua_desktop.services import printing

    if a.kind == "book":
        if a.code or a.date_from is None or a.date_to is None:
            sys.stderr.write(
                "motcua: error: usage: motcua print book --from DATE --to DATE -o FILE\n"
            )
            return 2
        actor = _actor(ctx, a.user)
        print(printing.print_book(ctx, a.date_from, a.date_to, actor, output=a.output))
        return 0
    if not a.code or a.date_from or a.date_to:
        sys.stderr.write(f"motcua: error: usage: motcua print {a.kind} CODE -o FILE\n")
        return 2
    doc = printing.print_slip(
        ctx, a.code, SLIP_KINDS[a.kind], _actor(ctx, a.user), paper=a.paper, copies=a.copies
    )
    a.output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(doc.path, a.output)
    print(a.output)
    return 0


def cmd_doctor(ctx, a) -> int:
    from motcua_desktop.services.doctor import run_checks

    results = run_checks(ctx, repair=a.repair)
    if a.json:
        _print_json([r.as_json() for r in results])
    else:
        for r in results:
            print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}")
            if r.repaired:
                print("     " + _("repaired: {what}").format(what=r.repaired))
    return 0 if all(r.ok for r in results) else 1


COMMANDS = {
    "demo": cmd_demo,
    "setup": cmd_setup,
    "users": cmd_users,
    "intake": cmd_intake,
    "due": cmd_due,
    "print": cmd_print,
    "doctor": cmd_doctor,
    "dossier": cli_dossier.run,
    "migrate-book": cli_migrate.run,
    "district": cli_district.run,
    **dict.fromkeys(cli_sync.COMMANDS, cli_sync.run),
    **dict.fromkeys(cli_audit.COMMANDS, cli_audit.run),
    "report": cli_report.run,
    **dict.fromkeys(cli_backup.COMMANDS, cli_backup.run),
    **dict.fromkeys(cli_privacy.COMMANDS, cli_privacy.run),
    "provision": cli_provision.run,
}


def main(argv: Sequence[str] | None = None) -> int:
    set_language(os.environ.get("MOTCUA_LANG") or DEFAULT_LANGUAGE)
    args = build_parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    from motcua_desktop.services.context import open_app

    try:
        ctx = open_app(args.data_dir, db_url=args.db)
        try:
            return COMMANDS[args.command](ctx, args)
        finally:
            ctx.close()
    except MotcuaError as exc:
        sys.stderr.write(f"motcua: error: {exc.message}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"motcua: error: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
