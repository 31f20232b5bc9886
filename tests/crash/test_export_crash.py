"""A commune's export killed half-way: the stick never holds a bundle the district takes for a fork.

Found by the crash harness: the export used to put the finished bundle on
the stick before its transaction recorded it, so a kill in between left a
complete bundle the commune did not know about; the next export followed
the same previous bundle, and the district quarantined it as a fork. Now the
bundle is written as ``.partial``, recorded, and only then renamed.
"""

from __future__ import annotations

import pytest
from crash_runner import district_takes_the_stick
from crash_setup import CLERK, prepare, request
from sqlalchemy import func, select

from motcua_desktop.services import intake, sync_commune, users
from motcua_desktop.services.context import open_app
from motcua_desktop.store.models import BundleLog
from motcua_desktop.sync import mailbox


class Killed(BaseException):
    """Stands for SIGKILL: not an error any code handles; the transaction just never commits."""


@pytest.fixture
def layout(tmp_path):
    return prepare(tmp_path / "site", pool=False)


def _dossiers_at_district(layout) -> set[str]:
    ctx = open_app(layout.root / "district-check")
    try:
        from motcua_desktop.store.models import Dossier

        with ctx.db.session(readonly=True) as s:
            return set(s.scalars(select(Dossier.code)))
    finally:
        ctx.close()


def _export_dies(layout, monkeypatch, target, name) -> list[str]:
    """Two dossiers; an export killed at ``target.name``; a third dossier and a full export."""
    ctx = open_app(layout.commune)
    try:
        clerk = users.get_user(ctx, CLERK)
        codes = [intake.accept(ctx, request(k), clerk).code for k in (1, 2)]

        def die(*_args, **_kwargs):
            raise Killed

        with monkeypatch.context() as m:
            m.setattr(target, name, die)
            with pytest.raises(Killed):
                sync_commune.export(ctx, layout.stick, clerk)
        codes.append(intake.accept(ctx, request(3), clerk).code)
        assert sync_commune.export(ctx, layout.stick, clerk).written
    finally:
        ctx.close()
    return codes


def test_killed_before_the_export_is_recorded(layout, monkeypatch):
    # The bundle's bytes are on the stick; the transaction that records them never commits.
    codes = _export_dies(layout, monkeypatch, sync_commune, "set_state")
    ctx = open_app(layout.commune)
    try:
        with ctx.db.session(readonly=True) as s:
            assert s.scalar(select(func.count()).select_from(BundleLog)) == 1
    finally:
        ctx.close()
    results = district_takes_the_stick(layout)
    assert [(r.status, r.reason_code) for r in results] == [("applied", "")]
    assert _dossiers_at_district(layout) == set(codes)
    on_stick = [p.name for p in layout.stick.rglob("*") if p.is_file()]
    assert len([n for n in on_stick if n.endswith(mailbox.SUFFIX)]) == 1, on_stick


def test_killed_after_the_export_is_recorded(layout, monkeypatch):
    # Recorded, but the rename never happened: the stick holds a .partial the district skips.
    codes = _export_dies(layout, monkeypatch, mailbox, "publish")
    partial = [p for p in layout.stick.rglob("*" + mailbox.PARTIAL)]
    assert len(partial) == 1
    results = district_takes_the_stick(layout)
    assert [r.status for r in results] == ["applied"], [r.message for r in results]
    assert _dossiers_at_district(layout) == set(codes)
