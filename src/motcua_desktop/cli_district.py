"""`motcua district …`: set up the district, provision communes, import bundles, reply, report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from motcua_desktop.i18n import _

REFUSED = ("quarantined", "rejected")


def add_parser(sub, common, parser_class, day) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db", default=argparse.SUPPRESS, metavar="URL",
        help="district database URL (postgresql://… or sqlite:///…)",
    )  # fmt: skip
    parents = [common, db]
    d = sub.add_parser(
        "district", parents=parents, help="district mode: communes, bundles, reports"
    )
    dsub = d.add_subparsers(dest="district_command", required=True, parser_class=parser_class)

    i = dsub.add_parser("init", parents=parents, help="make this installation the district")
    i.add_argument("--name", required=True)
    i.add_argument("--json", action="store_true")

    p = dsub.add_parser("provision", parents=parents, help="register a commune; write its file")
    p.add_argument("--agency-code", required=True)
    p.add_argument("--commune-name", required=True)
    p.add_argument("--parent-body", required=True)
    p.add_argument("--unit-name", required=True)
    p.add_argument("--place-name", required=True)
    p.add_argument("--phone", default="")
    p.add_argument("--upper-office", default="")
    p.add_argument("-o", "--output", required=True, type=Path)

    im = dsub.add_parser(
        "import", parents=parents, help="import communes' bundles (files, folders)"
    )
    im.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    im.add_argument("--preview", action="store_true", help="only say what would change")
    im.add_argument("--json", action="store_true")

    r = dsub.add_parser("replies", parents=parents, help="write acks and config to a stick")
    r.add_argument("--to", dest="root", required=True, type=Path, metavar="MAILBOX_ROOT")
    r.add_argument("--json", action="store_true")

    st = dsub.add_parser("status", parents=parents, help="the registered communes")
    st.add_argument("--json", action="store_true")

    rv = dsub.add_parser("revoke", parents=parents, help="refuse a commune's bundles from now on")
    rv.add_argument("agency_code", metavar="AGENCY")

    ob = dsub.add_parser(
        "open-backup", parents=parents, help="decrypt a commune's encrypted backup (.mcbak)"
    )
    ob.add_argument("file", type=Path, metavar="FILE")
    ob.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.sqlite3")
    ob.add_argument("--json", action="store_true")

    rp = dsub.add_parser("report", parents=parents, help="report II.06a per commune")
    rp.add_argument("--from", dest="date_from", type=day, required=True, metavar="DATE")
    rp.add_argument("--to", dest="date_to", type=day, required=True, metavar="DATE")
    rp.add_argument("--json", action="store_true")


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def run(ctx, a) -> int:
    return COMMANDS[a.district_command](ctx, a)


def _init(ctx, a) -> int:
    from motcua_desktop.services import district

    info = district.init_district(ctx, a.name, None)
    if a.json:
        _print_json(info.__dict__)
    else:
        print(
            _("District {name} is set up. Signing key {sign}, receiving key {box}.").format(
                name=info.name, sign=info.sign_fingerprint, box=info.box_fingerprint
            )
        )
    return 0


def _provision(ctx, a) -> int:
    from motcua_desktop.cli import profile_from_args
    from motcua_desktop.services import district
    from motcua_desktop.sync.mailbox import write_atomically

    profile = profile_from_args(a)
    data = district.provision_commune(ctx, profile, None)
    write_atomically(a.output, data)
    print(
        _("Provisioning file for {name} written to {path}; hand it to the commune.").format(
            name=profile.commune_name, path=a.output
        )
    )
    return 0


def _import(ctx, a) -> int:
    from motcua_desktop.services import district

    if a.preview:
        previews = [
            district.preview_bundle(ctx, p.read_bytes(), p.name)
            for p in district.bundle_files(a.paths)
        ]
        if a.json:
            _print_json([p.as_json() for p in previews])
        else:
            for p in previews:
                print(f"{p.file_name}: {p.status}: {p.message}")
                for problem in p.problems:
                    print(f"  ! {problem.message}")
        return 1 if any(p.status in ("quarantine", "reject") for p in previews) else 0
    results = district.import_bundles(ctx, a.paths, None)
    if a.json:
        _print_json([r.as_json() for r in results])
    else:
        if not results:
            print(_("No bundle files were found there."))
        for r in results:
            print(f"{r.file_name}: {r.status}: {r.message}")
            for problem in r.problems:
                print(f"  ! {problem.message}")
            if r.quarantine_path:
                print("  " + _("Put aside in {path}").format(path=r.quarantine_path))
    return 1 if any(r.status in REFUSED for r in results) else 0


def _replies(ctx, a) -> int:
    from motcua_desktop.services import district

    results = district.write_replies(ctx, a.root, None)
    if a.json:
        _print_json([r.as_json() for r in results])
    else:
        if not results:
            print(_("No commune of this district has a folder on that stick."))
        for r in results:
            print(f"{r.agency_code}: {r.message} ({r.path})")
    return 0


def _status(ctx, a) -> int:
    from motcua_desktop.services import district

    rows = district.communes_overview(ctx)
    if a.json:
        _print_json([r.as_dict() for r in rows])
        return 0
    if not rows:
        print(_("No commune is registered yet; use `motcua district provision`."))
    for r in rows:
        fresh = "-" if r.freshness_days is None else str(r.freshness_days)
        last = r.last_bundle_at.strftime("%Y-%m-%d %H:%M") if r.last_bundle_at else "-"
        print(
            "\t".join(
                (
                    r.agency_code,
                    r.name,
                    r.status,
                    last,
                    fresh,
                    str(r.dossiers),
                    str(r.received_this_year),
                    str(r.resolved),
                    str(r.pending),
                )
            )  # fmt: skip
        )
    return 0


def _revoke(ctx, a) -> int:
    from motcua_desktop.services import district

    status = district.revoke_commune(ctx, a.agency_code, None)
    print(
        _("The commune {name} ({code}) is revoked; its bundles will be refused.").format(
            name=status.name, code=status.agency_code
        )
    )
    return 0


def _report(ctx, a) -> int:
    from motcua_desktop.services import district

    rows = district.ii06a_by_commune(ctx, a.date_from, a.date_to)
    if a.json:
        _print_json(
            [
                {
                    "number": r.number,
                    "label": r.label,
                    "agency_code": r.key,
                    "columns": r.counts.columns(),
                    "on_time_rate": r.counts.on_time_rate,
                    "completion_rate": r.counts.completion_rate,
                    "online_rate": r.counts.online_rate,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        cols = "\t".join(str(n) for n in r.counts.columns())
        print(f"{r.number or ''}\t{r.label}\t{cols}")
    return 0


def _open_backup(ctx, a) -> int:
    from motcua_desktop.services.district_backup import open_backup

    opened = open_backup(ctx, a.file, a.output)
    if a.json:
        _print_json({**opened.__dict__, "path": str(opened.path)})
    else:
        print(
            _(
                "The backup of {commune} made {when} is checked and decrypted into {path}. "
                "Give it to the commune to restore (`motcua restore`)."
            ).format(commune=opened.commune_name, when=opened.created_at, path=opened.path)
        )
    return 0


COMMANDS = {
    "open-backup": _open_backup,
    "init": _init,
    "provision": _provision,
    "import": _import,
    "replies": _replies,
    "status": _status,
    "revoke": _revoke,
    "report": _report,
}
