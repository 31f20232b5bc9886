"""Dossiers walked through their whole life on a real SQLite file, through the services."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from motcua_desktop.domain.dossier import ResultDelivery, Status, Timeliness
from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.domain.lifecycle import Action
from motcua_desktop.i18n import current_language, set_language
from motcua_desktop.services import dossiers, intake, lifecycle, printing, settings, users
from motcua_desktop.store.models import (
    Change,
    Dossier,
    DossierEvent,
    Extension,
    Handover,
)

# HT-05: 3 working days. Thursday 12/02/2026 09:00 + 3 working days over Tết = Tuesday 24/02.
THU = datetime(2026, 2, 12, 9, 0)
DUE = datetime(2026, 2, 24, 9, 0)


def T(day, hour, minute=0, month=2):
    return datetime(2026, month, day, hour, minute)


@pytest.fixture(autouse=True)
def _english():
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


@pytest.fixture
def staff(ctx, clerk, admin):
    official = users.create_user(ctx, "hoa", "Lê Thị Hoa", "secret-3", "clerk", admin)
    leader = users.create_user(ctx, "tam", "Võ Văn Tâm", "secret-4", "leader", admin)
    return {"clerk": clerk, "official": official, "leader": leader}


@pytest.fixture
def accepted(ctx, staff, make_request):
    return intake.accept(ctx, make_request(received=THU), staff["clerk"])


def _count(ctx, model):
    with ctx.db.session(readonly=True) as s:
        return s.scalar(select(func.count()).select_from(model))


def _kinds(ctx, code):
    return [(e.kind, e.to_status, e.actor_username) for e in dossiers.events(ctx, code)]


def test_full_walk_desk_official_leader_desk_and_return(ctx, staff, accepted):
    code, clerk, official, leader = accepted.code, *staff.values()
    assert accepted.extra["original_due_at"] == DUE

    r = lifecycle.start_processing(
        ctx, code, clerk, handler="hoa", co_units=["Công an xã"], note="Chuyển xử lý", at=T(12, 10)
    )
    assert r.status is Status.PROCESSING
    assert r.extra["handling_official_name"] == "Lê Thị Hoa"
    assert r.extra["co_handling_units"] == ["Công an xã"]

    r = lifecycle.hand_over(ctx, code, official, to_username="tam", note="Trình ký", at=T(23, 8))
    assert r.extra["handling_official_name"] == "Lê Thị Hoa"  # the leader signs, not handles
    r = lifecycle.hand_over(ctx, code, leader, to_name="Bộ phận Một cửa", at=T(24, 9))
    r = lifecycle.finish(ctx, code, clerk, at=T(24, 11))
    assert r.status is Status.FINISHED and r.extra["finished_at"] == T(24, 11)
    r = lifecycle.return_result(
        ctx, code, clerk, method=ResultDelivery.DESK, collected_by="Trần Thị Bích Hằng",
        id_checked=True, at=T(24, 14),
    )  # fmt: skip
    assert r.status is Status.RESULT_RETURNED
    assert r.extra["returned_at"] == T(24, 14) and r.extra["return_method"] == "desk"
    assert r.extra["returned_to"] == "Trần Thị Bích Hằng"
    # Returned after 09:00 on the due day: late, by the minute.
    assert r.extra["timeliness"] == "late"

    steps = lifecycle.handovers(ctx, code)
    assert [(h.position, h.from_name, h.to_name) for h in steps] == [
        (1, "Nguyễn Thị Ngọc Lan", "Lê Thị Hoa"),
        (2, "Lê Thị Hoa", "Võ Văn Tâm"),
        (3, "Võ Văn Tâm", "Bộ phận Một cửa"),
    ]
    assert [h.to_username for h in steps] == ["hoa", "tam", ""]
    # Judged at the next hand-over (or at finish) against the dossier's due time.
    assert [h.result for h in steps] == [Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE]

    assert _kinds(ctx, code) == [
        ("received", Status.ACCEPTED, "lan"),
        ("processing_started", Status.PROCESSING, "lan"),
        ("handed_over", Status.PROCESSING, "hoa"),
        ("handed_over", Status.PROCESSING, "tam"),
        ("finished", Status.FINISHED, "lan"),
        ("result_returned", Status.RESULT_RETURNED, "lan"),
    ]
    history = dossiers.events(ctx, code)
    assert history[1].note == "Chuyển xử lý" and history[2].note == "Trình ký"
    assert history[5].data["id_checked"] is True
    assert history[4].from_status is Status.PROCESSING


def test_supplement_during_processing_pauses_over_tet(ctx, staff, accepted):
    code, clerk, official = accepted.code, staff["clerk"], staff["official"]
    lifecycle.start_processing(ctx, code, clerk, handler="hoa", at=T(12, 10))
    r = lifecycle.request_supplement(
        ctx, code, official, missing=["Giấy chứng sinh"], reason="Giấy chứng sinh bị mờ",
        contact_phone="0912 000 111", at=T(13, 16),
    )  # fmt: skip
    assert r.status is Status.SUPPLEMENT_REQUESTED
    assert r.extra["paused_at"] == T(13, 16) and r.due_at == DUE
    assert r.extra["supplement_count"] == 1 and r.reason == "Giấy chứng sinh bị mờ"
    event = dossiers.events(ctx, code)[-1]
    assert event.data["missing"] == ["Giấy chứng sinh"] and event.data["contact_name"] == (
        "Lê Thị Hoa"
    )
    # Paused: nothing may extend or finish it.
    with pytest.raises(NotAllowed):
        lifecycle.extend(ctx, code, clerk, new_due_at=T(27, 9), reason="x", at=T(23, 9))

    r = lifecycle.resubmit(ctx, code, clerk, at=T(24, 9))
    # Paused 13/02 16:00–17:00 (1 h), Tết, 23/02 (8 h), 24/02 07:00–09:00 (2 h) = 11 h;
    # 24/02 09:00 + 11 h of working time = 25/02 14:00.
    assert r.status is Status.PROCESSING
    assert r.due_at == datetime(2026, 2, 25, 14, 0)
    assert r.extra["original_due_at"] == DUE
    assert r.extra["paused_at"] is None and r.extra["paused_minutes"] == 660

    with pytest.raises(NotAllowed, match="only one supplement request"):
        lifecycle.request_supplement(
            ctx, code, official, missing=[], reason="lần hai", at=T(24, 10)
        )
    assert _kinds(ctx, code)[-1][0] == "resubmitted"


def test_intake_supplement_resubmitted_is_accepted_and_gets_a_receipt(ctx, staff, make_request):
    clerk = staff["clerk"]
    req = make_request(received=THU)
    procedure_components = intake.components_from_procedure(
        __import__("motcua_desktop.services.catalogue", fromlist=["x"]).get_procedure(ctx, "HT-05"),
        {0},
    )
    req = intake.IntakeRequest(**{**req.__dict__, "components": procedure_components})
    first = intake.request_supplement(ctx, req, "Thiếu tờ khai", clerk)
    assert first.due_at is None and first.book_serial == 0
    assert any(c.missing for c in first.components)
    with pytest.raises(NotAllowed):
        printing.print_slip(ctx, first.code, "receipt", clerk)

    r = lifecycle.resubmit(ctx, first.code, clerk, at=datetime(2026, 3, 9, 17, 30))
    assert r.status is Status.ACCEPTED
    # After closing on Monday 09/03: the clock starts Tuesday 07:00; + 3 working days.
    assert r.received_at == datetime(2026, 3, 9, 17, 30)
    assert r.due_at == datetime(2026, 3, 13, 7, 0) == r.extra["original_due_at"]
    assert (r.book_number, r.book_serial) == ("01/2026", 1)
    assert not any(c.missing for c in r.components)
    assert r.extra["paused_minutes"] == 0 and r.extra["supplement_count"] == 0
    event = dossiers.events(ctx, first.code)[-1]
    assert event.kind == "resubmitted" and event.from_status is Status.SUPPLEMENT_REQUESTED
    assert event.data["first_received_at"] == THU.isoformat()
    assert event.data["supplied"] == ["Tờ khai đăng ký khai sinh (theo mẫu)"]

    doc = printing.print_slip(ctx, first.code, "receipt", clerk)
    assert doc.path.read_bytes().startswith(b"%PDF")
    # The accepted dossier may still be sent back once during processing.
    lifecycle.start_processing(ctx, r.code, clerk, at=datetime(2026, 3, 10, 8))
    r = lifecycle.request_supplement(
        ctx, r.code, clerk, missing=["Tờ khai"], reason="Sai", at=datetime(2026, 3, 10, 9)
    )
    assert r.extra["supplement_count"] == 1


def test_awaiting_payment_pauses_when_the_preference_says_so(ctx, staff, make_request):
    clerk = staff["clerk"]
    paused = intake.accept(ctx, make_request(received=T(10, 9, month=3)), clerk)
    lifecycle.start_processing(ctx, paused.code, clerk, at=T(10, 10, month=3))
    r = lifecycle.await_payment(ctx, paused.code, clerk, note="Lệ phí", at=T(11, 9, month=3))
    assert r.status is Status.AWAITING_PAYMENT and r.extra["paused_at"] == T(11, 9, month=3)
    r = lifecycle.payment_received(ctx, paused.code, clerk, at=T(12, 9, month=3))
    assert r.status is Status.PROCESSING
    # Due Friday 13/03 09:00, paused one working day (8 h) → Monday 16/03 09:00.
    assert r.due_at == datetime(2026, 3, 16, 9, 0) and r.extra["paused_minutes"] == 480

    settings.set_preference(ctx, lifecycle.PAYMENT_PAUSES_CLOCK, False)
    running = intake.accept(ctx, make_request(received=T(10, 9, month=3)), clerk)
    r = lifecycle.await_payment(ctx, running.code, clerk, at=T(11, 9, month=3))
    assert r.status is Status.AWAITING_PAYMENT and r.extra["paused_at"] is None
    # Not paused: an extension is possible while waiting.
    r = lifecycle.extend(
        ctx, running.code, clerk, new_due_at=T(17, 9, month=3), reason="Chờ nộp thuế",
        at=T(12, 9, month=3),
    )  # fmt: skip
    r = lifecycle.payment_received(ctx, running.code, clerk, at=T(12, 10, month=3))
    assert r.due_at == T(17, 9, month=3) and r.extra["paused_minutes"] == 0


def test_extension_keeps_both_dates_and_does_not_excuse_lateness(ctx, staff, accepted):
    code, clerk = accepted.code, staff["clerk"]
    lifecycle.start_processing(ctx, code, clerk, at=T(12, 10))
    for bad, why in [
        (T(24, 8), "earlier than the due time"),
        (T(28, 9), "a Saturday"),
        (T(26, 12), "lunch"),
        (T(26, 17, 1), "after closing"),
    ]:
        with pytest.raises(ValidationError) as info:
            lifecycle.extend(ctx, code, clerk, new_due_at=bad, reason="Chờ xác minh", at=T(23, 9))
        assert info.value.field == "new_due_at", why
    with pytest.raises(ValidationError, match="reason|late"):
        lifecycle.extend(ctx, code, clerk, new_due_at=T(26, 9), reason="  ", at=T(23, 9))

    r = lifecycle.extend(ctx, code, clerk, new_due_at=T(26, 17), reason="Chờ xác minh", at=T(23, 9))
    assert r.due_at == T(26, 17) and r.extra["original_due_at"] == DUE
    assert r.extra["extension_count"] == 1 and r.extra["event_data"]["letter_number"] == "01/XLGH"
    r = lifecycle.extend(ctx, code, clerk, new_due_at=T(2, 9, month=3), reason="Lần 2", at=T(24, 9))
    letters = lifecycle.extensions(ctx, code)
    assert [(x.letter_number, x.previous_due_at, x.new_due_at) for x in letters] == [
        ("01/XLGH", DUE, T(26, 17)),
        ("02/XLGH", T(26, 17), T(2, 9, month=3)),
    ]
    assert letters[0].issued_by == "lan" and letters[0].reason == "Chờ xác minh"

    lifecycle.finish(ctx, code, clerk, at=T(25, 9))
    r = lifecycle.return_result(
        ctx, code, clerk, method=ResultDelivery.POST, post_tracking="EB123456789VN", at=T(25, 10)
    )
    # Before the new date but after the original appointment: late.
    assert r.extra["timeliness"] == "late" and r.due_at == T(2, 9, month=3)
    assert r.extra["post_tracking"] == "EB123456789VN"
    assert r.extra["returned_to"] == "Trần Thị Bích Hằng"
    assert dossiers.events(ctx, code)[-1].data["judged_due_at"] == DUE.isoformat()


@pytest.mark.parametrize(
    ("returned", "expected"),
    [(T(23, 16), "early"), (T(24, 9), "on_time"), (T(24, 9, 1), "late")],
)
def test_return_timeliness_by_the_documented_rule(ctx, staff, accepted, returned, expected):
    code, clerk = accepted.code, staff["clerk"]
    lifecycle.finish(ctx, code, clerk, at=T(23, 15))
    r = lifecycle.return_result(ctx, code, clerk, method="desk", collected_by="Hằng", at=returned)
    assert r.extra["timeliness"] == expected


def test_return_needs_who_or_tracking_and_closing_needs_a_reason(ctx, staff, accepted):
    code, clerk = accepted.code, staff["clerk"]
    with pytest.raises(ValidationError) as info:
        lifecycle.hand_over(ctx, code, clerk, to_name=" ")
    assert info.value.field == "to_name"
    lifecycle.finish(ctx, code, clerk, at=T(23, 15))
    with pytest.raises(ValidationError) as info:
        lifecycle.return_result(ctx, code, clerk, method=ResultDelivery.DESK, at=T(23, 16))
    assert info.value.field == "collected_by"
    with pytest.raises(ValidationError) as info:
        lifecycle.return_result(ctx, code, clerk, method=ResultDelivery.POST, at=T(23, 16))
    assert info.value.field == "post_tracking"
    with pytest.raises(ValidationError):
        lifecycle.stop(ctx, code, clerk, reason="")


def test_time_cannot_run_backwards(ctx, staff, accepted):
    code, clerk = accepted.code, staff["clerk"]
    lifecycle.start_processing(ctx, code, clerk, at=T(13, 9))
    with pytest.raises(ValidationError, match="before the dossier's last recorded step"):
        lifecycle.finish(ctx, code, clerk, at=T(13, 8))


def _walk(ctx, staff, make_request, target: str) -> str:
    """A dossier brought to ``target`` through the services; returns its code."""
    clerk = staff["clerk"]
    if target == "intake_supplement":
        return intake.request_supplement(ctx, make_request(received=THU), "Thiếu", clerk).code
    if target == "not_accepted":
        return intake.refuse(ctx, make_request(received=THU), "Không thuộc thẩm quyền", clerk).code
    code = intake.accept(ctx, make_request(received=THU), clerk).code
    if target == "registered":
        with ctx.db.session() as s:  # online registration is not taken at this desk yet
            s.scalar(select(Dossier).where(Dossier.code == code)).status = int(Status.REGISTERED)
        return code
    steps = {
        "accepted": [],
        "processing": ["start"],
        "supplement": ["start", "supplement"],
        "processing_after_supplement": ["start", "supplement", "resubmit"],
        "awaiting_payment": ["start", "await"],
        "finished": ["start", "finish"],
        "result_returned": ["start", "finish", "return"],
        "withdrawn": ["withdraw"],
        "stopped": ["start", "stop"],
    }[target]
    at = T(12, 10)
    for i, step in enumerate(steps):
        _run(ctx, clerk, code, step, at.replace(minute=10 + i))
    return code


def _run(ctx, actor, code, step, at):
    lc = lifecycle
    calls = {
        "start": lambda: lc.start_processing(ctx, code, actor, at=at),
        "hand_over": lambda: lc.hand_over(ctx, code, actor, to_name="Lê Thị Hoa", at=at),
        "supplement": lambda: lc.request_supplement(
            ctx, code, actor, missing=["Tờ khai"], reason="Thiếu", at=at
        ),
        "resubmit": lambda: lc.resubmit(ctx, code, actor, at=at),
        "await": lambda: lc.await_payment(ctx, code, actor, at=at),
        "paid": lambda: lc.payment_received(ctx, code, actor, at=at),
        "finish": lambda: lc.finish(ctx, code, actor, at=at),
        "return": lambda: lc.return_result(
            ctx, code, actor, method="desk", collected_by="Hằng", at=at
        ),
        "withdraw": lambda: lc.withdraw(ctx, code, actor, reason="Không cần nữa", at=at),
        "stop": lambda: lc.stop(ctx, code, actor, reason="Sai thẩm quyền", at=at),
        "extend": lambda: lc.extend(
            ctx, code, actor, new_due_at=T(26, 9), reason="Chờ xác minh", at=at
        ),
    }
    return calls[step]()


STEP_OF = {
    Action.START_PROCESSING: "start",
    Action.HAND_OVER: "hand_over",
    Action.REQUEST_SUPPLEMENT: "supplement",
    Action.RESUBMIT: "resubmit",
    Action.AWAIT_PAYMENT: "await",
    Action.PAYMENT_RECEIVED: "paid",
    Action.FINISH: "finish",
    Action.RETURN_RESULT: "return",
    Action.WITHDRAW: "withdraw",
    Action.STOP: "stop",
    Action.EXTEND: "extend",
}

# Reached state -> (status, actions allowed there).
STATES = {
    "registered": (Status.REGISTERED, {Action.WITHDRAW}),
    "intake_supplement": (Status.SUPPLEMENT_REQUESTED, {Action.RESUBMIT, Action.WITHDRAW}),
    "not_accepted": (Status.NOT_ACCEPTED, set()),
    "accepted": (
        Status.ACCEPTED,
        set(Action) - {Action.RESUBMIT, Action.PAYMENT_RECEIVED, Action.RETURN_RESULT},
    ),  # fmt: skip
    "processing": (
        Status.PROCESSING,
        set(Action)
        - {Action.START_PROCESSING, Action.RESUBMIT, Action.PAYMENT_RECEIVED, Action.RETURN_RESULT},
    ),  # fmt: skip
    "supplement": (
        Status.SUPPLEMENT_REQUESTED,
        {Action.RESUBMIT, Action.WITHDRAW, Action.STOP},
    ),
    "processing_after_supplement": (
        Status.PROCESSING,
        {
            Action.HAND_OVER,
            Action.AWAIT_PAYMENT,
            Action.FINISH,
            Action.WITHDRAW,
            Action.STOP,
            Action.EXTEND,
        },
    ),  # fmt: skip
    "awaiting_payment": (
        Status.AWAITING_PAYMENT,
        {Action.PAYMENT_RECEIVED, Action.WITHDRAW, Action.STOP},
    ),
    "finished": (Status.FINISHED, {Action.RETURN_RESULT}),
    "result_returned": (Status.RESULT_RETURNED, set()),
    "withdrawn": (Status.WITHDRAWN, set()),
    "stopped": (Status.STOPPED, set()),
}


@pytest.mark.parametrize("state", list(STATES))
def test_every_state_refuses_what_is_not_allowed_and_changes_nothing(
    ctx, staff, make_request, state
):
    status, allowed = STATES[state]
    code = _walk(ctx, staff, make_request, state)
    before = dossiers.get_dossier(ctx, code)
    assert before.status is status
    events_before = _count(ctx, DossierEvent)
    for action in Action:
        if action in allowed:
            continue
        with pytest.raises(NotAllowed):
            _run(ctx, staff["official"], code, STEP_OF[action], T(23, 9))
    after = dossiers.get_dossier(ctx, code)
    assert after.status is status and after.due_at == before.due_at
    assert after.extra == before.extra
    assert _count(ctx, DossierEvent) == events_before
    # Each allowed action succeeds from this state (each on a fresh copy).
    for action in sorted(allowed, key=list(Action).index):
        fresh = _walk(ctx, staff, make_request, state)
        r = _run(ctx, staff["official"], fresh, STEP_OF[action], T(23, 9))
        assert dossiers.events(ctx, fresh)[-1].actor_username == "hoa"
        assert r.status is not None


def test_nothing_is_deleted(ctx, staff, make_request):
    counts = []
    for state in ("result_returned", "stopped", "withdrawn", "processing_after_supplement"):
        _walk(ctx, staff, make_request, state)
        counts.append(
            [_count(ctx, m) for m in (Dossier, DossierEvent, Handover, Extension, Change)]
        )
    assert counts == sorted(counts)
    with ctx.db.session(readonly=True) as s:
        ops = set(s.scalars(select(Change.op)))
    assert ops <= {"insert", "update"}


def test_due_soon_warns_of_running_dossiers_only(ctx, staff, make_request):
    clerk = staff["clerk"]

    def accept(day, hour, month=3):
        return intake.accept(ctx, make_request(received=T(day, hour, month=month)), clerk).code

    today = accept(6, 9)  # due Wednesday 11/03 09:00
    tomorrow = accept(9, 9)  # due Thursday 12/03 09:00
    later = accept(10, 9)  # due Friday 13/03 09:00
    overdue = accept(4, 9)  # due Monday 09/03 09:00
    paused = accept(6, 8)
    lifecycle.start_processing(ctx, paused, clerk, at=T(6, 9, month=3))
    lifecycle.request_supplement(ctx, paused, clerk, missing=[], reason="x", at=T(6, 10, month=3))
    done = accept(6, 8)
    lifecycle.finish(ctx, done, clerk, at=T(6, 9, month=3))

    now = T(11, 8, month=3)
    found = lifecycle.due_soon(ctx, within_working_hours=8, now=now)
    assert [r.code for r in found] == [overdue, today]
    assert [r.extra["overdue"] for r in found] == [True, False]
    assert found[1].extra["working_minutes_left"] == 60
    wider = lifecycle.due_soon(ctx, within_working_hours=9, now=now)
    assert [r.code for r in wider] == [overdue, today, tomorrow]
    assert later not in [r.code for r in lifecycle.due_soon(ctx, within_working_hours=16, now=now)]
    assert [r.code for r in lifecycle.due_soon(ctx, within_working_hours=0, now=now)] == [overdue]
    with pytest.raises(ValidationError):
        lifecycle.due_soon(ctx, within_working_hours=-1, now=now)
