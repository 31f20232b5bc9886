"""The life of a dossier: which action is allowed in which status, and where it leads.

The national status codes are in ``domain.dossier.Status``. Two facts besides
the status decide what may happen next:

- ``paused``: the clock is stopped (``dossiers.paused_at`` is set). A dossier
  waiting for a supplement asked for *during processing* is paused; one sent
  back at the intake desk (no receipt, no due time yet) is not, and taking
  its papers in accepts it instead of resuming it. Awaiting payment pauses
  when the commune's preference says so.
- ``supplement_count``: supplement requests made during processing; only
  one is allowed (DOMAIN.md, "Deadlines").

Nothing here touches storage: ``services.lifecycle`` asks :func:`check` for
the new status and writes the row, the event and the hand-over in one go.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from motcua_desktop.domain.calendar import WorkingCalendar
from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.i18n import N_, _


class Action(StrEnum):
    """Something a user does to a dossier after intake."""

    START_PROCESSING = "start_processing"
    HAND_OVER = "hand_over"
    REQUEST_SUPPLEMENT = "request_supplement"
    RESUBMIT = "resubmit"
    AWAIT_PAYMENT = "await_payment"
    PAYMENT_RECEIVED = "payment_received"
    FINISH = "finish"
    RETURN_RESULT = "return_result"
    WITHDRAW = "withdraw"
    STOP = "stop"
    EXTEND = "extend"


# The clock runs in these states unless the dossier is paused; due_soon watches them.
ACTIVE_STATUSES: frozenset[Status] = frozenset(
    {Status.ACCEPTED, Status.PROCESSING, Status.AWAITING_PAYMENT}
)
# No action leads anywhere from these.
FINAL_STATUSES: frozenset[Status] = frozenset(
    {Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.STOPPED, Status.RESULT_RETURNED}
)

# status -> action -> new status. RESUBMIT out of SUPPLEMENT_REQUESTED is
# decided by ``paused`` in :func:`check`; the guards on the supplement count
# and on the clock are applied there too.
_TRANSITIONS: dict[Status, dict[Action, Status]] = {
    Status.REGISTERED: {Action.WITHDRAW: Status.WITHDRAWN},
    Status.ACCEPTED: {
        Action.START_PROCESSING: Status.PROCESSING,
        Action.HAND_OVER: Status.PROCESSING,
        Action.REQUEST_SUPPLEMENT: Status.SUPPLEMENT_REQUESTED,
        Action.AWAIT_PAYMENT: Status.AWAITING_PAYMENT,
        Action.FINISH: Status.FINISHED,  # same-day work done at the desk
        Action.WITHDRAW: Status.WITHDRAWN,
        Action.STOP: Status.STOPPED,
        Action.EXTEND: Status.ACCEPTED,
    },
    Status.PROCESSING: {
        Action.HAND_OVER: Status.PROCESSING,
        Action.REQUEST_SUPPLEMENT: Status.SUPPLEMENT_REQUESTED,
        Action.AWAIT_PAYMENT: Status.AWAITING_PAYMENT,
        Action.FINISH: Status.FINISHED,
        Action.WITHDRAW: Status.WITHDRAWN,
        Action.STOP: Status.STOPPED,
        Action.EXTEND: Status.PROCESSING,
    },
    Status.SUPPLEMENT_REQUESTED: {
        Action.RESUBMIT: Status.PROCESSING,
        Action.WITHDRAW: Status.WITHDRAWN,
        Action.STOP: Status.STOPPED,
    },
    Status.AWAITING_PAYMENT: {
        Action.PAYMENT_RECEIVED: Status.PROCESSING,
        Action.WITHDRAW: Status.WITHDRAWN,
        Action.STOP: Status.STOPPED,
        Action.EXTEND: Status.AWAITING_PAYMENT,
    },
    Status.FINISHED: {Action.RETURN_RESULT: Status.RESULT_RETURNED},
}

STATUS_NAMES: Mapping[Status, str] = {
    Status.REGISTERED: N_("Registered"),
    Status.ACCEPTED: N_("Accepted"),
    Status.NOT_ACCEPTED: N_("Not accepted"),
    Status.PROCESSING: N_("Being processed"),
    Status.SUPPLEMENT_REQUESTED: N_("Waiting for a supplement"),
    Status.AWAITING_PAYMENT: N_("Awaiting payment of financial obligations"),
    Status.WITHDRAWN: N_("Withdrawn by the applicant"),
    Status.STOPPED: N_("Stopped"),
    Status.FINISHED: N_("Finished"),
    Status.RESULT_RETURNED: N_("Result returned"),
}

ACTION_NAMES: Mapping[Action, str] = {
    Action.START_PROCESSING: N_("start processing"),
    Action.HAND_OVER: N_("hand over the file"),
    Action.REQUEST_SUPPLEMENT: N_("request a supplement"),
    Action.RESUBMIT: N_("take in the supplement"),
    Action.AWAIT_PAYMENT: N_("wait for payment"),
    Action.PAYMENT_RECEIVED: N_("record the payment"),
    Action.FINISH: N_("finish"),
    Action.RETURN_RESULT: N_("return the result"),
    Action.WITHDRAW: N_("withdraw"),
    Action.STOP: N_("stop"),
    Action.EXTEND: N_("extend the deadline"),
}

# ``dossier_events.kind`` written for each action. Intake writes "received",
# "supplement_requested" and "refused"; printing writes its own kinds.
EVENT_KINDS: Mapping[Action, str] = {
    Action.START_PROCESSING: "processing_started",
    Action.HAND_OVER: "handed_over",
    Action.REQUEST_SUPPLEMENT: "supplement_requested",
    Action.RESUBMIT: "resubmitted",
    Action.AWAIT_PAYMENT: "awaiting_payment",
    Action.PAYMENT_RECEIVED: "payment_received",
    Action.FINISH: "finished",
    Action.RETURN_RESULT: "result_returned",
    Action.WITHDRAW: "withdrawn",
    Action.STOP: "stopped",
    Action.EXTEND: "extended",
}

# Labels for the history list of a dossier, keyed by ``dossier_events.kind``.
EVENT_KIND_NAMES: Mapping[str, str] = {
    "received": N_("Received"),
    "refused": N_("Refused"),
    "supplement_requested": N_("Supplement requested"),
    "processing_started": N_("Processing started"),
    "handed_over": N_("Handed over"),
    "resubmitted": N_("Supplement taken in"),
    "awaiting_payment": N_("Awaiting payment"),
    "payment_received": N_("Payment received"),
    "finished": N_("Finished"),
    "result_returned": N_("Result returned"),
    "withdrawn": N_("Withdrawn"),
    "stopped": N_("Stopped"),
    "extended": N_("Deadline extended"),
}


def status_name(status: Status) -> str:
    """The status label in the UI language ("Being processed")."""
    return _(STATUS_NAMES[Status(status)])


def action_name(action: Action) -> str:
    """The action in the UI language, as it reads after "cannot …"."""
    return _(ACTION_NAMES[Action(action)])


def _target(action: Action, status: Status, paused: bool, supplement_count: int) -> Status | None:
    """The new status, or None when the table or a guard refuses."""
    target = _TRANSITIONS.get(status, {}).get(action)
    if target is None:
        return None
    if action is Action.REQUEST_SUPPLEMENT and supplement_count >= 1:
        return None
    if action is Action.EXTEND and paused:
        return None
    if action is Action.RESUBMIT:
        # Sent back at intake (never paused): taking the papers in accepts it.
        return Status.PROCESSING if paused else Status.ACCEPTED
    if action is Action.STOP and status is Status.SUPPLEMENT_REQUESTED and not paused:
        # Never accepted, so there is nothing to stop; the applicant may withdraw.
        return None
    return target


def allowed_actions(status: Status, *, paused: bool, supplement_count: int) -> list[Action]:
    """Every action allowed now, in the order of :class:`Action`."""
    status = Status(status)
    return [a for a in Action if _target(a, status, paused, supplement_count) is not None]


def check(action: Action, status: Status, *, paused: bool, supplement_count: int) -> Status:
    """The status ``action`` leads to; raises NotAllowed with the reason when it is not allowed."""
    action = Action(action)
    status = Status(status)
    target = _target(action, status, paused, supplement_count)
    if target is not None:
        return target
    in_table = action in _TRANSITIONS.get(status, {})
    if in_table and action is Action.REQUEST_SUPPLEMENT:
        raise NotAllowed(
            _(
                "Cannot request a supplement: only one supplement request is allowed "
                "while a dossier is processed, and this dossier has already had one."
            )
        )
    if in_table and action is Action.EXTEND:
        raise NotAllowed(
            _(
                "Cannot extend the deadline while the clock is stopped; the due time "
                "moves by itself when the clock runs again."
            )
        )
    allowed = allowed_actions(status, paused=paused, supplement_count=supplement_count)
    if not allowed:
        raise NotAllowed(
            _(
                'Cannot {action}: the dossier\'s status is "{status}"; no further step is possible.'
            ).format(action=action_name(action), status=status_name(status))
        )
    raise NotAllowed(
        _('Cannot {action}: the dossier\'s status is "{status}". Possible now: {allowed}.').format(
            action=action_name(action),
            status=status_name(status),
            allowed=", ".join(action_name(a) for a in allowed),
        )
    )


def resume_due(
    due_at: datetime, paused_at: datetime, resumed_at: datetime, calendar: WorkingCalendar
) -> datetime:
    """The due time after a pause: moved by the working time between pause and resumption.

    A pause during which no working time passed (asked at 17:30, papers back
    before the next opening) moves nothing. See docs/deadlines.md, section 6.
    """
    if resumed_at < paused_at:
        raise ValidationError(
            _("The clock cannot start again before it was stopped."), field="resumed_at"
        )
    return calendar.add_working_time(due_at, calendar.working_time_between(paused_at, resumed_at))
