"""Search (code first, FTS over folded words) and the dossier list: filters, quick views, sorting, paging."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from motcua_desktop.domain.dossier import Applicant, Channel, Status
from motcua_desktop.domain.search_query import code_in_text, fts_match
from motcua_desktop.services import dossier_list, search
from motcua_desktop.services.demo import seed_demo
from motcua_desktop.services.dossier_list import DossierFilter, QuickView, is_overdue
from motcua_desktop.store.models import Dossier

NOW = datetime(2026, 3, 20, 10, 0)
PEOPLE = [
    ("Nguyễn Văn An", "001093012345", "0123 456 789", "Số 5, ấp Đông Phú"),
    ("Đặng Thị Đào", "079190004321", "0988 111 222", "ấp Tây Hòa"),
    ("Trần An Nguyên", "089185012999", "0912 345 678", "Số 12, ấp Phú Hòa"),
    ("Lê Thị Bình", "001200000777", "0277 380 100", "ấp Đông Phú"),
]


@pytest.fixture
def hand_built(ctx, clerk, make_request):
    """Four dossiers with known people, received a day apart, oldest first."""
    out = []
    for i, (name, id_number, phone, address) in enumerate(PEOPLE):
        applicant = Applicant(name=name, id_number=id_number, phone=phone, address=address)
        received = datetime(2026, 3, 10 + i, 9, 0)
        out.append(search_accept(ctx, clerk, make_request(applicant=applicant, received=received)))
    return out


def search_accept(ctx, clerk, request):
    from motcua_desktop.services import intake

    return intake.accept(ctx, request, clerk)


def names(rows):
    return [r.applicant_name for r in rows]


# -- search -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nguyen van an", ["Nguyễn Văn An"]),
        ("an nguyen", ["Trần An Nguyên", "Nguyễn Văn An"]),  # any order, newest first
        ("dang thi dao", ["Đặng Thị Đào"]),  # đ folds to d
        ("ĐẶNG ĐÀO", ["Đặng Thị Đào"]),
        ("dong phu", ["Lê Thị Bình", "Nguyễn Văn An"]),
        ("đông phú", ["Lê Thị Bình", "Nguyễn Văn An"]),
        ("ngu", ["Trần An Nguyên", "Nguyễn Văn An"]),  # prefixes
        ("0123", ["Nguyễn Văn An"]),  # phone from its start
        ("0912345", ["Trần An Nguyên"]),  # the bare-digit phone token
        ("345 678", ["Trần An Nguyên"]),
        ("07919", ["Đặng Thị Đào"]),  # ID number prefix
        ("tay hoa 0988", ["Đặng Thị Đào"]),
        ("12", ["Trần An Nguyên"]),  # two digits: a whole token (house number 12)
    ],
)
def test_search_folded_prefix_words(ctx, hand_built, text, expected):
    assert names(search.search(ctx, text)) == expected


def test_search_digits_inside_a_token_do_not_match(ctx, hand_built):
    assert search.search(ctx, "345678") == []  # middle of 0912345678
    assert search.search(ctx, "3012345") == []  # middle of an ID number


def test_code_typed_lower_case_with_spaces_or_in_a_qr_url(ctx, hand_built):
    target = hand_built[1]
    for text in (
        target.code,
        "  " + target.code.lower() + "\n",
        target.code.replace("-", " - ").lower(),
        f"https://dichvucong.angiang.gov.vn/tra-cuu?ma={target.code}&lang=vi",
        "https://example.vn/tra-cuu/" + target.code.replace("-", "%2D"),
    ):
        found = search.search(ctx, text)
        assert [r.code for r in found] == [target.code], text
        assert search.find_by_code(ctx, text).code == target.code
    unknown = target.code[:-4] + "9999"
    assert search.search(ctx, unknown) == []
    assert search.find_by_code(ctx, unknown) is None
    assert search.find_by_code(ctx, "nguyen") is None


@pytest.mark.parametrize(
    "text",
    ['"', '""', "*", '"nguyen', "nguyen*", "NEAR", "NEAR(an nguyen)", "an AND", "AND OR NOT",
     "-an", "^an", "body:an", "(an", "an)", "{an}", "a'b", "'", ":", "+", "  ", ""],
)  # fmt: skip
def test_user_input_never_breaks_the_match_syntax(ctx, hand_built, text):
    rows = search.search(ctx, text)
    assert isinstance(rows, list)
    dossier_list.page(ctx, DossierFilter(text=text), limit=10)
    dossier_list.count_capped(ctx, DossierFilter(text=text))


def test_match_expression_quotes_every_term():
    assert fts_match('Nguyễn "Văn" AND đức*') == '"nguyen"* "van"* "and"* "duc"*'
    assert fts_match("0912-345") == '"0912"* "345"*'
    assert fts_match("12 ab") == '"12" "ab"*'
    assert fts_match(" -*\"' ") is None
    assert code_in_text("ma: 000.31.25.h56-260310-0001.") == "000.31.25.H56-260310-0001"
    assert code_in_text("000.31.25.H56-261332-0001") is None  # not a real date


def test_search_limit_and_order(ctx, hand_built):
    assert names(search.search(ctx, "ap", limit=2)) == ["Lê Thị Bình", "Trần An Nguyên"]
    assert search.search(ctx, "ap", limit=0) == []


# -- list: filters and quick views ----------------------------------------------------


@pytest.fixture
def demo(ctx):
    seed_demo(ctx, dossiers=400, today=date(2026, 3, 20))
    with ctx.db.session() as s:
        # Hand a few dossiers to an official and pause one, so those filters have work.
        ids = s.scalars(
            select(Dossier.id).where(Dossier.status == int(Status.PROCESSING)).limit(12)
        ).all()
        s.execute(
            update(Dossier)
            .where(Dossier.id.in_(ids[:8]))
            .values(handling_official_id="official-1", handling_official_name="Võ Văn Tám")
        )
        s.execute(update(Dossier).where(Dossier.id == ids[8]).values(paused_at=NOW))
        # Due later today, earlier today (also overdue), and paused while due today (neither).
        for i, due in ((9, NOW + timedelta(hours=5)), (10, NOW - timedelta(hours=1)), (11, NOW)):
            s.execute(update(Dossier).where(Dossier.id == ids[i]).values(due_at=due))
        s.execute(update(Dossier).where(Dossier.id == ids[11]).values(paused_at=NOW))
    with ctx.db.session(readonly=True) as s:
        return s.execute(select(*Dossier.__table__.c)).all()  # plain rows that outlive it


def codes(rows):
    return sorted(r.code for r in rows)


def everything(ctx, f, **kw):
    return dossier_list.page(ctx, f, limit=100_000, now=NOW, **kw)


def _open(d):
    return d.status in (2, 4, 6) and d.paused_at is None and d.due_at is not None


@pytest.mark.parametrize(
    ("view", "wanted"),
    [
        (QuickView.DUE_TODAY, lambda d: _open(d) and d.due_at.date() == NOW.date()),
        (QuickView.OVERDUE, lambda d: _open(d) and d.due_at < NOW),
        (QuickView.AWAITING_SUPPLEMENT, lambda d: d.status == 5),
        (QuickView.READY_FOR_PICKUP, lambda d: d.status == 9),
    ],
)
def test_quick_views(ctx, demo, view, wanted):
    expected = sorted(d.code for d in demo if wanted(d))
    assert expected, "the demo data should exercise every view"
    got = everything(ctx, DossierFilter(view=view))
    assert codes(got) == expected
    assert dossier_list.count(ctx, DossierFilter(view=view), now=NOW) == len(expected)
    if view == QuickView.OVERDUE:
        assert all(is_overdue(r, NOW) for r in got)


def test_home_counts_match_the_views(ctx, demo):
    counts = dossier_list.home_counts(ctx, now=NOW)
    assert counts.today_intake == sum(d.received_at.date() == NOW.date() for d in demo)
    for view, field in (
        (QuickView.DUE_TODAY, "due_today"),
        (QuickView.OVERDUE, "overdue"),
        (QuickView.AWAITING_SUPPLEMENT, "awaiting_supplement"),
        (QuickView.READY_FOR_PICKUP, "ready_for_pickup"),
    ):
        n = dossier_list.count(ctx, DossierFilter(view=view), now=NOW)
        assert getattr(counts, field) == n


def test_filters(ctx, demo):
    field = "Chứng thực"
    procedure = next(d.procedure_code for d in demo if d.field_name == "Hộ tịch")
    lo, hi = date(2026, 1, 5), date(2026, 1, 9)
    cases = [
        (
            DossierFilter(statuses=(Status.PROCESSING, Status.FINISHED)),
            lambda d: d.status in (4, 9),
        ),
        (DossierFilter(field=field), lambda d: d.field_name == field),
        (DossierFilter(procedure_code=procedure), lambda d: d.procedure_code == procedure),
        (DossierFilter(channel=Channel.ONLINE), lambda d: d.channel == 2),
        (
            DossierFilter(handling_official_id="official-1"),
            lambda d: d.handling_official_id == "official-1",
        ),
        (
            DossierFilter(received_from=lo, received_to=hi),
            lambda d: lo <= d.received_at.date() <= hi,
        ),
        (
            DossierFilter(due_from=lo, due_to=hi),
            lambda d: d.due_at is not None and lo <= d.due_at.date() <= hi,
        ),
        (
            DossierFilter(field=field, channel=Channel.IN_PERSON, received_from=lo),
            lambda d: d.field_name == field and d.channel == 1 and d.received_at.date() >= lo,
        ),
    ]
    for f, wanted in cases:
        expected = sorted(d.code for d in demo if wanted(d))
        assert expected, f
        assert codes(everything(ctx, f)) == expected, f
        assert dossier_list.count_capped(ctx, f, now=NOW) == (len(expected), True)


def test_text_filter_and_code_in_the_list(ctx, demo):
    some = demo[17]
    word = some.applicant_name.split()[-1]
    from motcua_desktop.domain.text import fold

    expected = sorted(
        d.code for d in demo if any(w.startswith(fold(word)) for w in d.search_text.split())
    )
    assert codes(everything(ctx, DossierFilter(text=fold(word)))) == expected
    assert codes(everything(ctx, DossierFilter(text=some.code.lower()))) == [some.code]


def test_count_capped(ctx, demo):
    assert dossier_list.count_capped(ctx, DossierFilter(), cap=100) == (100, False)
    assert dossier_list.count_capped(ctx, DossierFilter(), cap=10_000) == (len(demo), True)


# -- sorting and paging ---------------------------------------------------------------------


def _key(sort):
    def key(d):
        value = getattr(d, sort)
        return (value is not None, value)  # SQLite puts NULL first ascending

    return key


@pytest.mark.parametrize("sort", list(dossier_list.SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
def test_sort_each_column_and_keyset_pages_concatenate(ctx, demo, sort, descending):
    full = everything(ctx, DossierFilter(), sort=sort, descending=descending)
    assert len(full) == len(demo)
    values = [_key(sort)(r) for r in full]
    assert values == sorted(values, reverse=descending)
    # Keyset pages and offset pages both give the full list, in order, once each.
    by_cursor, last = [], None
    while True:
        chunk = dossier_list.page(
            ctx, DossierFilter(), sort=sort, descending=descending, limit=47, after=last, now=NOW
        )
        by_cursor += chunk
        if len(chunk) < 47:
            break
        last = chunk[-1]
    by_offset = []
    for offset in range(0, len(demo), 97):
        by_offset += dossier_list.page(
            ctx, DossierFilter(), sort=sort, descending=descending, offset=offset, limit=97
        )
    assert [r.code for r in by_cursor] == [r.code for r in full]
    assert [r.code for r in by_offset] == [r.code for r in full]
    assert len({r.code for r in by_cursor}) == len(demo)


def test_unknown_sort_is_refused(ctx):
    from motcua_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        dossier_list.page(ctx, DossierFilter(), sort="password_hash")


def test_filter_choices(ctx, demo):
    choices = dossier_list.filter_choices(ctx)
    assert "Hộ tịch" in choices.fields and "Chứng thực" in choices.fields
    assert any(code == demo[0].procedure_code for code, _name in choices.procedures)
    assert {name for _id, name in choices.officials} >= {"Nguyễn Thị Ngọc Lan"}


def test_is_overdue():
    row = dossier_list.DossierRow(
        id="x", code="c", applicant_name="a", procedure_name="p", field_name="f",
        status=Status.PROCESSING, channel=Channel.IN_PERSON, received_at=NOW - timedelta(3),
        due_at=NOW - timedelta(minutes=1), handling_official_name="", applicant_phone="",
        applicant_address="",
    )  # fmt: skip
    assert is_overdue(row, NOW)
    assert not is_overdue(row, NOW - timedelta(minutes=2))
    from dataclasses import replace

    assert not is_overdue(replace(row, status=Status.FINISHED), NOW)
    assert not is_overdue(replace(row, paused_at=NOW - timedelta(1)), NOW)
