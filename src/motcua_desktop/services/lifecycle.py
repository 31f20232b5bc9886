"""The life of a dossier after intake: processing, hand-overs, pauses, extensions, return.

One call is one transaction: the state machine of ``domain.lifecycle`` decides
whether the action is allowed, the row changes, and a ``dossier_events`` row
records who did it, when and why. Nothing is deleted; hand-overs and
apology-and-extension letters are rows of their own. The steps that move the
clock live in ``lifecycle_clock``, the reads in ``lifecycle_queries``; this
module is the public face of all three.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from motcua_desktop.domain.calendar import classify_return
from motcua_desktop.domain.dossier import DossierRecord, ResultDelivery
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.lifecycle import Action
from motcua_desktop.domain.text import nfc
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.lifecycle_clock import (
    await_payment,
    extend,
    payment_received,
    request_supplement,
    resubmit,
)
from motcua_desktop.services.lifecycle_core import (
    Step,
    act,
    add_handover,
    close_open_step,
    find_user,
    iso,
    required,
)
from motcua_desktop.services.lifecycle_queries import (
    PAYMENT_PAUSES_CLOCK,
    ExtensionInfo,
    HandoverInfo,
    due_soon,
    extensions,
    handovers,
    judged_due,
)
from motcua_desktop.services.users import UserInfo

__all__ = [
    "PAYMENT_PAUSES_CLOCK",
    "ExtensionInfo",
    "HandoverInfo",
    "await_payment",
    "due_soon",
    "extend",
    "extensions",
    "finish",
    "hand_over",
    "handovers",
    "payment_received",
    "request_supplement",
    "resubmit",
    "return_result",
    "start_processing",
    "stop",
    "withdraw",
]


def start_processing(
    ctx: AppContext,
    code: str,
    actor: UserInfo,
    *,
    handler: str | None = None,
    unit: str = "",
    co_units: Iterable[str] = (),
    note: str = "",
    at: datetime | None = None,
) -> DossierRecord:
    """Accepted → processing; with a handler or unit, the first hand-over from the desk."""

    def body(step: Step) -> tuple[str, dict]:
        row = step.row
        user = find_user(step.s, handler) if handler else None
        unit_name = nfc(unit.strip())
        co = [nfc(u.strip()) for u in co_units if u and u.strip()]
        if unit_name:
            row.handling_unit = unit_name
        if co:
            row.co_handling_units = co
        data: dict = {"handler": user.username if user else None, "unit": unit_name, "co_units": co}
        if user is not None or unit_name:
            data["handover"] = add_handover(
                step,
                to_name=user.full_name if user else unit_name,
                to_user=user,
                to_unit=unit_name,
                step_due_at=None,
                note=note,
            )
        if user is not None:
            row.handling_official_id, row.handling_official_name = user.id, user.full_name
        return note, data

    return act(ctx, code, actor, Action.START_PROCESSING, at, body)


def hand_over(
    ctx: AppContext,
    code: str,
    actor: UserInfo,
    *,
    to_name: str = "",
    to_username: str | None = None,
    to_unit: str = "",
    note: str = "",
    at: datetime | None = None,
    step_due_at: datetime | None = None,
    as_handler: bool | None = None,
) -> DossierRecord:
    """Pass the file on (form 06 row): giver is the actor, receiver a user, a name or a unit.

    The step still running is judged now. ``as_handler`` None: a receiving
    user who is not a leader becomes the handling official if the dossier has
    none yet (a file going to the leader to sign or back to the desk keeps
    its official); True or False decides explicitly.
    """

    def body(step: Step) -> tuple[str, dict]:
        row = step.row
        user = find_user(step.s, to_username) if to_username else None
        unit_name = nfc(to_unit.strip())
        name = nfc(" ".join(to_name.split())) or (user.full_name if user else "") or unit_name
        if not name:
            raise ValidationError(_("Say to whom the file is handed over."), field="to_name")
        if step_due_at is not None and step_due_at < step.at:
            raise ValidationError(
                _("The due time of this step cannot be before the hand-over."),
                field="step_due_at",
            )
        position = add_handover(
            step,
            to_name=name,
            to_user=user,
            to_unit=unit_name,
            step_due_at=step_due_at,
            note=note,
        )
        becomes = as_handler
        if becomes is None:
            becomes = user is not None and user.role != "leader" and not row.handling_official_id
        if becomes:
            row.handling_official_id = user.id if user else None
            row.handling_official_name = name
        if unit_name and not row.handling_unit:
            row.handling_unit = unit_name
        return note, {
            "handover": position,
            "to_name": name,
            "to_username": user.username if user else None,
            "to_unit": unit_name,
            "step_due_at": iso(step_due_at),
        }

    return act(ctx, code, actor, Action.HAND_OVER, at, body)


def finish(
    ctx: AppContext, code: str, actor: UserInfo, *, note: str = "", at: datetime | None = None
) -> DossierRecord:
    """The result is ready (signed); the hand-over step still running is judged now."""

    def body(step: Step) -> tuple[str, dict]:
        step.row.finished_at = step.at
        close_open_step(step)
        return note, {"due_at": iso(step.row.due_at)}

    return act(ctx, code, actor, Action.FINISH, at, body)


def return_result(
    ctx: AppContext,
    code: str,
    actor: UserInfo,
    *,
    method: ResultDelivery,
    collected_by: str = "",
    id_checked: bool = False,
    post_tracking: str = "",
    at: datetime | None = None,
) -> DossierRecord:
    """Hand the result over at the desk or send it by post; judge early / on time / late.

    The judgement uses the appointment without apology-letter extensions
    (moved only by supplement and payment pauses): docs/deadlines.md, section 8.
    """
    method = ResultDelivery(method)
    if method is ResultDelivery.DESK:
        who = required(collected_by, "collected_by", _("Write who collected the result."))
        tracking = ""
    else:
        tracking = required(post_tracking, "post_tracking", _("Enter the postal tracking number."))
        who = nfc(" ".join(collected_by.split()))

    def body(step: Step) -> tuple[str, dict]:
        row = step.row
        judged = judged_due(step.s, row, step.cal)
        row.returned_at = step.at
        row.return_method = str(method)
        row.returned_to = who or row.applicant_name
        row.post_tracking = tracking
        row.timeliness = str(classify_return(step.at, judged)) if judged else None
        return "", {
            "method": str(method),
            "collected_by": row.returned_to,
            "id_checked": bool(id_checked) if method is ResultDelivery.DESK else None,
            "post_tracking": tracking,
            "judged_due_at": iso(judged),
            "due_at": iso(row.due_at),
            "timeliness": row.timeliness,
        }

    return act(ctx, code, actor, Action.RETURN_RESULT, at, body)


def withdraw(
    ctx: AppContext, code: str, actor: UserInfo, *, reason: str, at: datetime | None = None
) -> DossierRecord:
    """The applicant takes the dossier back (status 7), with the reason they gave."""
    why = required(reason, "reason", _("Give the reason for the withdrawal."))
    return _closing(ctx, code, actor, Action.WITHDRAW, why, at)


def stop(
    ctx: AppContext, code: str, actor: UserInfo, *, reason: str, at: datetime | None = None
) -> DossierRecord:
    """Stop handling the dossier (status 8, form 05), with the reason."""
    why = required(reason, "reason", _("Give the reason for stopping the dossier."))
    return _closing(ctx, code, actor, Action.STOP, why, at)


def _closing(
    ctx: AppContext, code: str, actor: UserInfo, action: Action, why: str, at: datetime | None
) -> DossierRecord:
    def body(step: Step) -> tuple[str, dict]:
        step.row.reason = why
        return why, {"reason": why, "paused_at": iso(step.row.paused_at)}

    return act(ctx, code, actor, action, at, body)
