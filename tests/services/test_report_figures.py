"""The other figures on a small database where every number is worked out by hand.

April 2026 (calendar month). Public holidays: Monday 27/04 (Hùng Kings'
day, Sunday 26/04, moved), Thursday 30/04 and Friday 01/05. Opening hours
07:00–11:30 and 13:30–17:00: a working day is 8 hours.

=====  =========  =======  ==============================  ============================
 id    procedure  channel  life                            April
=====  =========  =======  ==============================  ============================
 A     HT-05      desk     in 23/04 08:00, Hoa; finished   received; resolved on time;
                           28/04 16:30; at desk 29/04      22.5 h = 2.8125 working days
 B     BTXH-03    online   in 06/04 09:00, Hoa; supplement received; resolved late;
                           07/04 09:00, back 09/04 09:00;  64 h less 16 h paused = 6.0
                           finished 16/04 09:00; post
 C     CT-09      desk     in 20/04 14:00; finished 21/04  received; resolved early;
                           15:30 (not returned)            9.5 h = 1.1875
 D     HT-05      desk     in 24/04 10:00; apology 29/04   received; pending within
 E     HT-05      online   in 01/04 09:00, Tâm             received; pending overdue
 F     HT-05      desk     refused 10/04                   a refusal
 G     BTXH-03    desk     supplement asked at intake      a supplement request
                           14/04
 H     HT-05      desk     in 27/03 09:00, Tâm; finished   carried over; resolved late;
                           02/04 09:00; at desk 03/04      4 working days (30/03–02/04)
 I     HT-05      desk     in and out in March             not in April
 J     HT-05      post     in 15/04 10:00                  received; pending overdue
=====  =========  =======  ==============================  ============================
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua_desktop.domain.calendar import WorkingCalendar
from motcua_desktop.domain.dossier import Channel, ResultDelivery
from motcua_desktop.domain.periods import month
from motcua_desktop.i18n import current_language, set_language
from motcua_desktop.services import intake, lifecycle, users
from motcua_desktop.services.report_figures import WorkingMinutes, figures, pending_overdue_at

APRIL = month(2026, 4)


def T(day, hour, minute=0, m=4):
    return datetime(2026, m, day, hour, minute)


@pytest.fixture(autouse=True)
def _english():
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


@pytest.fixture
def april(ctx, clerk, admin, make_request):
    """The database of the module docstring; returns the dossier codes by letter."""
    users.create_user(ctx, "hoa", "Lê Thị Hoa", "secret-3", "clerk", admin)
    users.create_user(ctx, "tam", "Võ Văn Tâm", "secret-4", "leader", admin)

    def accept(proc, at, channel=Channel.IN_PERSON):
        return intake.accept(ctx, make_request(proc, at, channel=channel), clerk).code

    codes = {}
    codes["A"] = a = accept("HT-05", T(23, 8))
    lifecycle.start_processing(ctx, a, clerk, handler="hoa", at=T(23, 9))
    lifecycle.finish(ctx, a, clerk, at=T(28, 16, 30))
    lifecycle.return_result(
        ctx, a, clerk, method=ResultDelivery.DESK, collected_by="Hằng", at=T(29, 7, 30)
    )
    codes["B"] = b = accept("BTXH-03", T(6, 9), Channel.ONLINE)
    lifecycle.start_processing(ctx, b, clerk, handler="hoa", at=T(6, 10))
    lifecycle.request_supplement(
        ctx, b, clerk, missing=["Giấy xác nhận"], reason="Thiếu giấy", at=T(7, 9)
    )
    lifecycle.resubmit(ctx, b, clerk, at=T(9, 9))
    lifecycle.finish(ctx, b, clerk, at=T(16, 9))
    lifecycle.return_result(
        ctx, b, clerk, method=ResultDelivery.POST, post_tracking="EV1VN", at=T(16, 10)
    )
    codes["C"] = c = accept("CT-09", T(20, 14))
    lifecycle.finish(ctx, c, clerk, at=T(21, 15, 30))
    codes["D"] = d = accept("HT-05", T(24, 10))
    lifecycle.extend(
        ctx, d, admin, new_due_at=datetime(2026, 5, 8, 10), reason="Xác minh", at=T(29, 9)
    )
    codes["E"] = e = accept("HT-05", T(1, 9), Channel.ONLINE)
    lifecycle.start_processing(ctx, e, clerk, handler="tam", at=T(1, 10))
    codes["F"] = intake.refuse(
        ctx, make_request("HT-05", T(10, 9)), "Không thuộc thẩm quyền", clerk
    ).code
    codes["G"] = intake.request_supplement(
        ctx, make_request("BTXH-03", T(14, 9)), "Thiếu tờ khai", clerk
    ).code
    codes["H"] = h = accept("HT-05", T(27, 9, m=3))
    lifecycle.start_processing(ctx, h, clerk, handler="tam", at=T(27, 10, m=3))
    lifecycle.finish(ctx, h, clerk, at=T(2, 9))
    lifecycle.return_result(
        ctx, h, clerk, method=ResultDelivery.DESK, collected_by="Hằng", at=T(3, 8)
    )
    codes["I"] = i = accept("HT-05", T(2, 9, m=3))
    lifecycle.finish(ctx, i, clerk, at=T(3, 9, m=3))
    lifecycle.return_result(
        ctx, i, clerk, method=ResultDelivery.DESK, collected_by="Hằng", at=T(3, 10, m=3)
    )
    codes["J"] = accept("HT-05", T(15, 10), Channel.POSTAL)
    return codes  # fmt: skip


def test_the_hand_worked_month(ctx, april):
    r = figures(ctx, APRIL)
    c = r.counts
    assert (c.received, c.received_online, c.received_direct, c.carried_over) == (7, 2, 4, 1)
    assert (c.resolved, c.early, c.on_time, c.late) == (4, 1, 1, 2)
    assert (c.pending, c.pending_within, c.pending_overdue) == (3, 1, 2)
    assert r.by_channel == {1: 3, 2: 2, 3: 1}
    assert sum(r.by_channel.values()) == c.received_online + c.received_direct
    assert (r.returned_by_post, r.returned_at_desk) == (1, 2)
    assert r.supplement_requests == 2  # B during processing, G at the desk
    assert r.apologies == 1
    assert r.refusals == 1
    # (2.8125 + 6 + 1.1875 + 4) / 4
    assert (r.avg_working_days, r.timed) == (3.5, 4)


def test_per_procedure(ctx, april):
    by = {g.key: g for g in figures(ctx, APRIL).by_procedure}
    # Most dossiers first; a tie by name without diacritics ("Chứng thực…" before "Đổi…").
    assert list(by) == ["HT-05", "CT-09", "BTXH-03"]
    ht, btxh, ct = by["HT-05"], by["BTXH-03"], by["CT-09"]
    assert ht.label == "Đăng ký khai sinh kết hợp nhận cha, mẹ, con"
    assert (ht.received, ht.resolved, ht.on_time, ht.late) == (4, 2, 1, 1)
    assert (ht.returned_by_post, ht.supplement_requests, ht.apologies) == (0, 0, 1)
    assert (ht.avg_working_days, ht.timed) == (3.41, 2)  # (2.8125 + 4) / 2 = 3.40625
    assert (btxh.received, btxh.resolved, btxh.late, btxh.returned_by_post) == (1, 1, 1, 1)
    assert (btxh.supplement_requests, btxh.avg_working_days) == (2, 6.0)
    assert (ct.received, ct.resolved, ct.on_time, ct.avg_working_days) == (1, 1, 1, 1.19)


def test_per_handling_official(ctx, april):
    by = {g.label: g for g in figures(ctx, APRIL).by_official}
    hoa, tam, nobody = by["Lê Thị Hoa"], by["Võ Văn Tâm"], by["No handling official"]
    assert (hoa.received, hoa.resolved, hoa.on_time, hoa.late) == (2, 2, 1, 1)
    assert (hoa.returned_by_post, hoa.supplement_requests, hoa.apologies) == (1, 1, 0)
    assert hoa.avg_working_days == 4.41  # (2.8125 + 6) / 2 = 4.40625
    assert (tam.received, tam.resolved, tam.late, tam.avg_working_days) == (1, 1, 1, 4.0)
    assert (nobody.received, nobody.resolved, nobody.supplement_requests) == (3, 1, 1)
    assert (nobody.apologies, nobody.avg_working_days) == (1, 1.19)
    assert sum(g.resolved for g in by.values()) == 4


def test_march_sees_only_its_own(ctx, april):
    r = figures(ctx, month(2026, 3))
    assert (r.counts.received, r.counts.resolved, r.counts.pending) == (2, 1, 1)
    assert r.by_channel == {1: 2, 2: 0, 3: 0}
    assert (r.returned_at_desk, r.returned_by_post, r.supplement_requests) == (1, 0, 0)
    assert (r.avg_working_days, r.timed) == (1.0, 1)  # I: 02/03 09:00 to 03/03 09:00
    assert r.as_dict()["kind"] == "figures"


def test_an_empty_period(ctx, april):
    r = figures(ctx, month(2025, 4))
    assert r.avg_working_days is None and r.timed == 0
    assert r.by_procedure == [] and r.by_official == []
    assert r.by_channel == {1: 0, 2: 0, 3: 0}


def test_pending_overdue_at_a_moment(ctx, april):
    with ctx.db.session(readonly=True) as s:
        # At the end of April: E (due 06/04) and J (due 20/04).
        assert pending_overdue_at(s, datetime(2026, 5, 1)) == 2
        # On 10/04 at noon: only E; B's due moved past it by its pause.
        assert pending_overdue_at(s, T(10, 12)) == 1
        # 02/04 noon: H was due 01/04 09:00 and finished 02/04 09:00, E due later.
        assert pending_overdue_at(s, T(2, 8)) == 1


CAL = WorkingCalendar()
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda t: t.replace(second=0, microsecond=0)
)


@settings(max_examples=300, deadline=None)
@given(a=moments, span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)))
def test_working_minutes_agree_with_the_calendar(a, span):
    b = (a + span).replace(second=0)
    clock = WorkingMinutes(CAL)
    expected = CAL.working_time_between(a, b) // timedelta(minutes=1)
    assert clock.between(a, b) == expected
    assert clock.between(b, a) == 0


def test_working_minutes_across_the_april_holidays():
    clock = WorkingMinutes(CAL)
    assert not CAL.is_working_day(date(2026, 4, 27))
    # Friday 24/04 17:00 to Tuesday 28/04 07:00: weekend and Hùng Kings' day, nothing.
    assert clock.between(T(24, 17), T(28, 7)) == 0
    # Wednesday 29/04 07:00 to Monday 04/05 07:00: one day (29/04), then 30/04, 01/05 off.
    assert clock.between(T(29, 7), datetime(2026, 5, 4, 7)) == 8 * 60
