"""The `motcua dossier` commands: show a dossier's life and move it along, printing JSON."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from motcua_desktop.domain.dossier import DossierRecord, ResultDelivery
from motcua_desktop.i18n import _

_ACTIONS = (
    "start",
    "handover",
    "supplement",
    "resubmit",
    "await-payment",
    "paid",
    "finish",
    "return",
    "withdraw",
    "stop",
    "extend",
)


def add_parser(sub, common: argparse.ArgumentParser, parser_class, when) -> None:
    """Register `dossier …` on the top-level subparsers; ``when`` parses "YYYY-MM-DD HH:MM"."""
    d = sub.add_parser("dossier", parents=[common], help="show a dossier or move it along")
    dsub = d.add_subparsers(dest="dossier_command", required=True, parser_class=parser_class)

    show = dsub.add_parser("show", parents=[common], help="record, events, hand-overs, extensions")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")

    soon = dsub.add_parser("due-soon", parents=[common], help="running dossiers falling due")
    soon.add_argument("--hours", type=float, default=8, help="working hours ahead (default 8)")
    soon.add_argument("--now", type=when, default=None)
    soon.add_argument("--json", action="store_true")

    step = argparse.ArgumentParser(add_help=False)
    step.add_argument("code")
    step.add_argument("--at", type=when, default=None, help='"YYYY-MM-DD HH:MM" (default: now)')
    step.add_argument("--user", default=None, help="acting user (default: the first admin)")
    parents = [common, step]

    p = {name: dsub.add_parser(name, parents=parents) for name in _ACTIONS}
    p["start"].add_argument("--handler", default=None, help="user name of the handling official")
    p["start"].add_argument("--unit", default="")
    p["start"].add_argument("--co-unit", action="append", default=[], dest="co_units")
    p["handover"].add_argument("--to", default="", dest="to_name", help="receiver's name")
    p["handover"].add_argument("--to-user", default=None, help="receiver's user name")
    p["handover"].add_argument("--to-unit", default="")
    p["handover"].add_argument("--step-due", type=when, default=None)
    handler = p["handover"].add_mutually_exclusive_group()
    handler.add_argument("--as-handler", action="store_true", default=None)
    handler.add_argument("--not-handler", action="store_false", dest="as_handler")
    p["supplement"].add_argument("--reason", required=True)
    p["supplement"].add_argument("--missing", action="append", default=[], metavar="PAPER")
    p["supplement"].add_argument("--contact-name", default="")
    p["supplement"].add_argument("--contact-phone", default="")
    p["return"].add_argument("--method", choices=[m.value for m in ResultDelivery], required=True)
    p["return"].add_argument("--collected-by", default="")
    p["return"].add_argument("--id-checked", action="store_true")
    p["return"].add_argument("--tracking", default="", help="postal tracking number")
    for name in ("withdraw", "stop", "extend"):
        p[name].add_argument("--reason", required=True)
    p["extend"].add_argument("--new-due", type=when, required=True)
    for name in ("start", "handover", "await-payment", "finish"):
        p[name].add_argument("--note", default="")


def _t(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def record_json(r: DossierRecord) -> dict[str, Any]:
    """The dossier as ``motcua intake`` prints it, plus its lifecycle state."""
    from motcua_desktop.cli import _dossier_json

    x = r.extra
    data = _dossier_json(r)
    data.update(
        {
            "original_due_at": _t(x.get("original_due_at")),
            "paused_at": _t(x.get("paused_at")),
            "paused_minutes": x.get("paused_minutes", 0),
            "supplement_count": x.get("supplement_count", 0),
            "extension_count": x.get("extension_count", 0),
            "handling_unit": r.handling_unit,
            "handling_official": x.get("handling_official_name", ""),
            "co_handling_units": x.get("co_handling_units", []),
            "finished_at": _t(x.get("finished_at")),
            "returned_at": _t(x.get("returned_at")),
            "return_method": x.get("return_method"),
            "returned_to": x.get("returned_to", ""),
            "post_tracking": x.get("post_tracking", ""),
            "timeliness": x.get("timeliness"),
        }
    )
    if "event" in x:
        data["event"] = x["event"]
        data["event_data"] = x.get("event_data") or {}
    for key in ("overdue", "working_minutes_left"):
        if key in x:
            data[key] = x[key]
    return data


def _show(ctx, a) -> int:
    from motcua_desktop.cli import _print_json
    from motcua_desktop.services import dossiers, lifecycle

    record = dossiers.get_dossier(ctx, a.code)
    history = dossiers.events(ctx, record.code)
    steps = lifecycle.handovers(ctx, record.code)
    letters = lifecycle.extensions(ctx, record.code)
    if a.json:
        data = record_json(record)
        data["events"] = [
            {
                "at": e.at.isoformat(),
                "kind": e.kind,
                "from_status": int(e.from_status) if e.from_status else None,
                "to_status": int(e.to_status) if e.to_status else None,
                "actor": e.actor_username,
                "note": e.note,
                "data": e.data,
            }
            for e in history
        ]
        data["handovers"] = [
            {
                "position": h.position,
                "at": h.at.isoformat(),
                "from": h.from_name,
                "to": h.to_name,
                "to_unit": h.to_unit,
                "step_due_at": _t(h.step_due_at),
                "result": h.result.value if h.result else None,
                "note": h.note,
            }
            for h in steps
        ]
        data["extensions"] = [
            {
                "letter_number": x.letter_number,
                "issued_at": x.issued_at.isoformat(),
                "previous_due_at": x.previous_due_at.isoformat(),
                "new_due_at": x.new_due_at.isoformat(),
                "reason": x.reason,
                "issued_by": x.issued_by,
            }
            for x in letters
        ]
        _print_json(data)
        return 0
    from motcua_desktop.domain.lifecycle import status_name

    due = record.due_at.strftime("%Y-%m-%d %H:%M") if record.due_at else "-"
    print(f"{record.code}\t{status_name(record.status)}\t{record.applicant.name}")
    print(record.procedure_name)
    print(_("Due: {due}").format(due=due))
    for e in history:
        print(f"{e.at:%Y-%m-%d %H:%M}\t{e.kind}\t{e.actor_username}\t{e.note}")
    for h in steps:
        result = h.result.value if h.result else ""
        print(f"#{h.position}\t{h.at:%Y-%m-%d %H:%M}\t{h.from_name} → {h.to_name}\t{result}")
    for x in letters:
        print(
            f"{x.letter_number}\t{x.previous_due_at:%Y-%m-%d %H:%M} → {x.new_due_at:%Y-%m-%d %H:%M}"
        )
    return 0


def _due_soon(ctx, a) -> int:
    from motcua_desktop.cli import _print_json
    from motcua_desktop.services import lifecycle

    found = lifecycle.due_soon(ctx, within_working_hours=a.hours, now=a.now)
    if a.json:
        _print_json([record_json(r) for r in found])
    else:
        for r in found:
            flag = "!" if r.extra["overdue"] else " "
            print(f"{flag} {r.due_at:%Y-%m-%d %H:%M}\t{r.code}\t{r.applicant.name}")
    return 0


def _step(ctx, a) -> DossierRecord:
    from motcua_desktop.cli import _actor
    from motcua_desktop.services import lifecycle as lc

    actor = _actor(ctx, a.user)
    code, at = a.code, a.at
    match a.dossier_command:
        case "start":
            return lc.start_processing(
                ctx, code, actor, handler=a.handler, unit=a.unit, co_units=a.co_units,
                note=a.note, at=at,
            )  # fmt: skip
        case "handover":
            return lc.hand_over(
                ctx, code, actor, to_name=a.to_name, to_username=a.to_user, to_unit=a.to_unit,
                note=a.note, at=at, step_due_at=a.step_due, as_handler=a.as_handler,
            )  # fmt: skip
        case "supplement":
            return lc.request_supplement(
                ctx, code, actor, missing=a.missing, reason=a.reason,
                contact_name=a.contact_name, contact_phone=a.contact_phone, at=at,
            )  # fmt: skip
        case "resubmit":
            return lc.resubmit(ctx, code, actor, at=at)
        case "await-payment":
            return lc.await_payment(ctx, code, actor, note=a.note, at=at)
        case "paid":
            return lc.payment_received(ctx, code, actor, at=at)
        case "finish":
            return lc.finish(ctx, code, actor, note=a.note, at=at)
        case "return":
            return lc.return_result(
                ctx, code, actor, method=ResultDelivery(a.method), collected_by=a.collected_by,
                id_checked=a.id_checked, post_tracking=a.tracking, at=at,
            )  # fmt: skip
        case "withdraw":
            return lc.withdraw(ctx, code, actor, reason=a.reason, at=at)
        case "stop":
            return lc.stop(ctx, code, actor, reason=a.reason, at=at)
        case "extend":
            return lc.extend(ctx, code, actor, new_due_at=a.new_due, reason=a.reason, at=at)
    raise AssertionError(a.dossier_command)  # argparse allows nothing else


def run(ctx, a) -> int:
    """Entry point of `motcua dossier …` (registered in ``cli.COMMANDS``)."""
    if a.dossier_command == "show":
        return _show(ctx, a)
    if a.dossier_command == "due-soon":
        return _due_soon(ctx, a)
    from motcua_desktop.cli import _print_json

    _print_json(record_json(_step(ctx, a)))
    return 0
