"""The checklist lifecycle on a real SQLite file: start, answer, attach, resume, close, revise."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from motcua_desktop.domain.checklist_template import RunClosed
from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.services import checklists, settings, users
from motcua_desktop.services.context import open_app
from motcua_desktop.services.provisioning import TEMPLATES_KEY

AUDIT = "iso9001-internal-audit"
TT26 = "tt26-self-inspection"


@pytest.fixture
def leader(ctx, admin):
    return users.create_user(ctx, "ha", "Lê Thị Thu Hà", "secret-3", "leader", admin)


def _start(ctx, actor, code=AUDIT):
    return checklists.start_run(
        ctx, actor, code, run_on=date(2026, 5, 12), scope="Bộ phận Một cửa",
        auditors=["  Nguyễn Thị  Ngọc Lan ", "", "Trần Văn Bình"],
    )  # fmt: skip


def _fill(ctx, actor, run, verdict="conforming"):
    for item in run.template.items:
        run = checklists.answer(ctx, actor, run.id, item.id, verdict, f"xem {item.id}")
    return run


def test_shipped_templates_are_listed(ctx):
    codes = {t.code: t for t in checklists.templates(ctx)}
    assert set(codes) == {AUDIT, TT26}
    assert codes[TT26].run_kind == "self_inspection"
    assert codes[AUDIT].run_kind == "internal_audit"


def test_start_answer_progress_and_resume(tmp_path, ctx, secretary):
    run = _start(ctx, secretary)
    assert run.status == "open" and run.revision == 1
    assert run.auditors == ("Nguyễn Thị Ngọc Lan", "Trần Văn Bình")
    total = len(run.template.items)
    assert run.progress == (0, total)
    first, second = run.template.items[:2]
    checklists.answer(ctx, secretary, run.id, first.id, "conforming", "Đã xem bảng phân tích")
    run = checklists.answer(ctx, secretary, run.id, second.id, None, "ghi chú chưa kết luận")
    assert run.progress == (1, total)
    assert run.answers[second.id].evidence == "ghi chú chưa kết luận"
    # Changing an answer keeps one row per item.
    run = checklists.answer(ctx, secretary, run.id, first.id, "minor", "thiếu tài liệu")
    assert run.verdict(first.id) == "minor" and run.progress == (1, total)
    assert run.counts()["minor"] == 1 and run.counts()["unanswered"] == total - 1
    # Resumable: a fresh start of the program finds the run as it was left.
    ctx.close()
    again = open_app(tmp_path / "data")
    try:
        resumed = checklists.run_view(again, run.id)
        assert resumed.progress == (1, total)
        assert resumed.answers[first.id].evidence == "thiếu tài liệu"
    finally:
        again.close()


def test_bad_answers_are_refused(ctx, secretary):
    run = _start(ctx, secretary)
    item = run.template.items[0].id
    with pytest.raises(ValidationError) as err:
        checklists.answer(ctx, secretary, run.id, item, "good")
    assert err.value.field == "verdict"
    with pytest.raises(NotFound):
        checklists.answer(ctx, secretary, run.id, "no-such-item", "conforming")
    with pytest.raises(ValidationError):
        checklists.start_run(
            ctx, secretary, AUDIT, run_on=date(2026, 5, 1), scope="", auditors=[" "]
        )
    with pytest.raises(NotFound):
        checklists.start_run(ctx, secretary, "no-such", run_on=date(2026, 5, 1), scope="",
                             auditors=["A"])  # fmt: skip


def test_attach_copies_the_file_with_its_hash(ctx, secretary, tmp_path):
    run = _start(ctx, secretary)
    item = run.template.items[3].id
    source = tmp_path / "biên bản.pdf"
    source.write_bytes(b"%PDF-1.4 evidence " * 50)
    att = checklists.attach(ctx, secretary, run.id, item, source)
    copied = checklists.attachment_path(ctx, att)
    assert copied.is_file() and copied != source
    assert copied.is_relative_to(ctx.data_dir / "quality" / "attachments")
    assert copied.read_bytes() == source.read_bytes()
    assert att.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert att.size == source.stat().st_size and att.file_name == "biên bản.pdf"
    view = checklists.run_view(ctx, run.id)
    assert view.answers[item].attachments == (att,)
    assert view.verdict(item) is None  # a file alone is not a verdict
    with pytest.raises(ValidationError):
        checklists.attach(ctx, secretary, run.id, item, tmp_path / "missing.pdf")


def test_only_a_leader_closes_and_only_when_complete(ctx, secretary, leader):
    run = _start(ctx, secretary)
    with pytest.raises(NotAllowed):
        checklists.close_run(ctx, secretary, run.id, "Nguyễn Thị Ngọc Lan")
    checklists.answer(ctx, secretary, run.id, run.template.items[0].id, "conforming")
    with pytest.raises(ValidationError) as err:
        checklists.close_run(ctx, leader, run.id, "Lê Thị Thu Hà")
    assert str(len(run.template.items) - 1) in err.value.message
    _fill(ctx, secretary, run)
    with pytest.raises(ValidationError):
        checklists.close_run(ctx, leader, run.id, "   ")
    closed = checklists.close_run(ctx, leader, run.id, "Lê Thị Thu Hà")
    assert closed.closed and closed.signed_by_name == "Lê Thị Thu Hà"
    assert closed.closed_at is not None


def test_a_closed_run_is_frozen(ctx, secretary, leader, tmp_path):
    run = _fill(ctx, secretary, _start(ctx, secretary))
    checklists.close_run(ctx, leader, run.id, "Lê Thị Thu Hà")
    item = run.template.items[0].id
    source = tmp_path / "x.txt"
    source.write_text("x")
    for attempt in (
        lambda: checklists.answer(ctx, leader, run.id, item, "major", "sửa"),
        lambda: checklists.attach(ctx, leader, run.id, item, source),
        lambda: checklists.close_run(ctx, leader, run.id, "Lê Thị Thu Hà"),
    ):
        with pytest.raises(RunClosed) as err:
            attempt()
        assert "revision" in err.value.message
    assert checklists.run_view(ctx, run.id).verdict(item) == "conforming"
    assert not list((ctx.data_dir / "quality" / "attachments").glob("**/*x.txt"))


def test_revise_copies_answers_and_keeps_the_signed_run(ctx, secretary, leader, tmp_path):
    run = _start(ctx, secretary)
    source = tmp_path / "ảnh.png"
    source.write_bytes(b"\x89PNG fake")
    checklists.attach(ctx, secretary, run.id, run.template.items[0].id, source)
    run = _fill(ctx, secretary, run)
    with pytest.raises(NotAllowed):
        checklists.revise_run(ctx, secretary, run.id)  # still open
    old = checklists.close_run(ctx, leader, run.id, "Lê Thị Thu Hà")
    new = checklists.revise_run(ctx, secretary, run.id)
    assert new.id != old.id and new.status == "open"
    assert new.revision == 2 and new.supersedes_id == old.id
    assert {k: (a.verdict, a.evidence) for k, a in new.answers.items()} == {
        k: (a.verdict, a.evidence) for k, a in old.answers.items()
    }
    first = run.template.items[0].id
    assert [a.sha256 for a in new.answers[first].attachments] == [
        a.sha256 for a in old.answers[first].attachments
    ]
    checklists.answer(ctx, secretary, new.id, first, "major", "phát hiện thêm")
    kept = checklists.run_view(ctx, old.id)
    assert kept.verdict(first) == "conforming" and kept.closed
    assert kept.superseded_by == new.id
    with pytest.raises(NotAllowed):
        checklists.revise_run(ctx, secretary, old.id)  # one correction line, not two
    ids = [r.id for r in checklists.list_runs(ctx)]
    assert set(ids) == {old.id, new.id}


def test_district_sends_a_newer_version(ctx, secretary):
    shipped = checklists.find_template(ctx, TT26)
    body = dict(shipped.body, template_version="2")
    body["sections"] = [dict(shipped.body["sections"][0])]
    broken = {"kind": "checklist", "schema": "motcua-checklist-template/1", "code": "bad"}
    settings.set_preference(ctx, TEMPLATES_KEY, {"version": "2026.2", "items": {
        "tt26": body, "broken": broken, "survey": {"kind": "satisfaction"}}})  # fmt: skip
    newest = checklists.find_template(ctx, TT26)
    assert newest.version == "2" and newest.source == "district"
    assert len(newest.items) == 7
    run = _start(ctx, secretary, TT26)
    assert run.template.version == "2"
    # The district replaces its templates; the run still reads against its own version.
    settings.set_preference(ctx, TEMPLATES_KEY, {"version": "2026.3", "items": {}})
    assert checklists.run_view(ctx, run.id).template.version == "2"
    assert checklists.find_template(ctx, TT26, "1").source == "shipped"


def test_a_damaged_archived_template_is_skipped_not_fatal(ctx):
    from motcua_desktop.services import checklists

    before = {(t.code, t.version) for t in checklists.templates(ctx)}
    folder = ctx.data_dir / checklists.ARCHIVE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hỏng.json").write_bytes(b"\xff\xfe{not json")
    assert {(t.code, t.version) for t in checklists.templates(ctx)} == before
