"""The encrypted backup copy on the stick: round trip through the district, tampering, retention, a full stick."""

from __future__ import annotations

import errno
import io
import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import select, update

from motcua_desktop.domain.dossier import Applicant
from motcua_desktop.domain.errors import BundleRejected, NotAllowed, StorageError
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import (
    district,
    district_backup,
    intake,
    restore,
    stick_backup,
    sync_commune,
    users,
)
from motcua_desktop.services.context import open_app
from motcua_desktop.services.intake import IntakeRequest
from motcua_desktop.services.provisioning import accept_provisioning
from motcua_desktop.store.models import Commune, Dossier
from motcua_desktop.sync import backup_file
from motcua_desktop.sync.keys import Identity, load_or_create_identity

AGENCY = "000.31.25.H56"
APPLICANTS = ("Trần Thị Bích Hằng", "Nguyễn Văn Đức", "Lê Thị Ánh")


@pytest.fixture
def district_ctx(tmp_path):
    ctx = open_app(tmp_path / "district")
    district.init_district(ctx, "Huyện Phú Tân", None)
    yield ctx
    ctx.close()


@pytest.fixture
def commune(tmp_path, district_ctx, make_request):
    profile = CommuneProfile(
        commune_name="Xã An Phú",
        parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
        unit_name="BỘ PHẬN MỘT CỬA",
        agency_code=AGENCY,
        place_name="An Phú",
    )
    data = district.provision_commune(district_ctx, profile, None)
    ctx = open_app(tmp_path / "commune")
    admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
    accept_provisioning(ctx, data, admin)
    for minute, name in enumerate(APPLICANTS):
        applicant = Applicant(name=name, id_number="089185012345")
        intake.accept(
            ctx, make_request(received=datetime(2026, 3, 10, 9, minute), applicant=applicant), admin
        )
    ctx.admin = admin
    yield ctx
    ctx.close()


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 4 KiB, so a small test database spans many of them."""
    monkeypatch.setattr(backup_file, "CHUNK_SIZE", 4096)


def _codes(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT code FROM dossiers"))
    finally:
        conn.close()


def _copy(commune, stick):
    return stick_backup.copy_backup_to_stick(commune, stick, commune.admin)


def _opened_by_district(district_ctx, stick, path, out):
    district.import_bundles(district_ctx, [stick])  # registers the commune's keys
    return district_backup.open_backup(district_ctx, path, out)


def test_export_with_the_setting_on_puts_a_copy_the_district_opens_and_the_commune_restores(
    tmp_path, commune, district_ctx
):
    stick = tmp_path / "stick"
    assert stick_backup.set_backup_to_stick(commune, True, commune.admin) is True
    result = sync_commune.export(commune, stick, commune.admin)

    assert result.written and not result.backup_warning
    path = result.backup_path
    assert path.parent == stick / "MOTCUA" / "backups" / AGENCY
    assert path.name.startswith(f"{AGENCY}-backup-") and path.suffix == ".mcbak"
    assert "Encrypted backup copied" in result.backup_message
    raw = path.read_bytes()
    assert b"SQLite format 3" not in raw
    assert APPLICANTS[0].encode() not in raw
    status = stick_backup.stick_backup_status(commune)
    assert status.enabled and status.last_path == str(path) and not status.last_error

    out = tmp_path / "recovered" / "an-phu.sqlite3"
    opened = _opened_by_district(district_ctx, stick, path, out)
    assert opened.path == out and opened.agency_code == AGENCY
    assert opened.commune_name == "Xã An Phú"
    assert _codes(out) == _codes(commune.db.path) and len(_codes(out)) == 3
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no partial left

    new_pc = open_app(tmp_path / "new-pc")
    try:
        admin = users.create_user(new_pc, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
        restore.restore(new_pc, out, admin)
        assert _codes(new_pc.db.path) == _codes(commune.db.path)
        with new_pc.db.session(readonly=True) as s:
            names = set(s.scalars(select(Dossier.applicant_name)))
        assert names == set(APPLICANTS)
        load_or_create_identity(new_pc)  # new keys for the new PC; the district re-binds them
    finally:
        new_pc.close()


def test_the_setting_is_off_by_default_and_needs_the_settings_permission(commune, tmp_path):
    assert stick_backup.is_enabled(commune) is False
    clerk = users.create_user(
        commune, "lan", "Nguyễn Thị Ngọc Lan", "secret-2", "clerk", commune.admin
    )
    with pytest.raises(NotAllowed):
        stick_backup.set_backup_to_stick(commune, True, clerk)
    assert stick_backup.is_enabled(commune) is False
    result = sync_commune.export(commune, tmp_path / "stick", commune.admin)
    assert result.written and result.backup_path is None
    assert not (tmp_path / "stick" / "MOTCUA" / "backups").exists()
    # a one-off copy (``motcua export --with-backup``) whatever the setting says
    result = sync_commune.export(commune, tmp_path / "stick", commune.admin, with_backup=True)
    assert result.written and result.backup_path.is_file()


def _flip(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _preamble_size(path) -> int:
    with open(path, "rb") as fh:
        return len(backup_file.read_header(fh)[1])


def _tamper(kind, path, other):
    size = path.stat().st_size
    start = _preamble_size(path)
    if kind == "first-chunk":
        _flip(path, start + 10)
    elif kind == "middle-chunk":
        _flip(path, start + 3 * (4096 + 16) + 100)
    elif kind == "last-chunk":
        _flip(path, size - 96 - 3)
    elif kind == "trailer":
        _flip(path, size - 40)
    elif kind == "header":
        _flip(path, start - 5)
    elif kind == "truncated":
        path.write_bytes(path.read_bytes()[: size - 4096 - 96])
    elif kind == "cut-at-chunk":
        path.write_bytes(path.read_bytes()[: start + 4096 + 16])
    elif kind == "extra-bytes":
        path.write_bytes(path.read_bytes() + b"\0")
    elif kind == "swapped-header":
        body = path.read_bytes()[start:]
        path.write_bytes(other.read_bytes()[: _preamble_size(other)] + body)


@pytest.mark.parametrize(
    "kind",
    ["first-chunk", "middle-chunk", "last-chunk", "trailer", "header", "truncated",
     "cut-at-chunk", "extra-bytes", "swapped-header"],
)  # fmt: skip
def test_a_tampered_copy_is_refused_and_nothing_is_written(
    kind, tmp_path, commune, district_ctx, small_chunks
):
    stick = tmp_path / "stick"
    sync_commune.export(commune, stick, commune.admin)
    first = _copy(commune, stick).path
    other = tmp_path / "other.mcbak"
    other.write_bytes(first.read_bytes())
    intake.accept(commune, _later_request(), commune.admin)
    path = _copy(commune, stick).path
    assert path.stat().st_size > 5 * 4096  # many chunks
    _tamper(kind, path, other)
    out = tmp_path / "out" / "restored.sqlite3"
    with pytest.raises(BundleRejected) as caught:
        _opened_by_district(district_ctx, stick, path, out)
    assert caught.value.reason_code in {
        "decrypt-failed", "bad-signature", "truncated", "trailing-bytes", "bad-manifest",
        "payload-hash",
    }  # fmt: skip
    assert not out.exists()
    assert not out.parent.exists() or not list(out.parent.iterdir())


def _later_request():
    return IntakeRequest(
        procedure_code="HT-05",
        applicant=Applicant(name="Võ Minh Châu", id_number="089185012346"),
        received_at=datetime(2026, 3, 11, 9, 0),
    )


def test_a_copy_signed_with_another_key_is_refused(tmp_path, commune, district_ctx):
    stick = tmp_path / "stick"
    sync_commune.export(commune, stick, commune.admin)
    path = _copy(commune, stick).path
    district.import_bundles(district_ctx, [stick])
    stranger = load_or_create_identity(open_app(tmp_path / "stranger")).sign_public_b64
    with district_ctx.db.session() as s:
        s.execute(
            update(Commune).where(Commune.agency_code == AGENCY).values(sign_public_key=stranger)
        )
    out = tmp_path / "out.sqlite3"
    with pytest.raises(BundleRejected) as caught:
        district_backup.open_backup(district_ctx, path, out)
    assert caught.value.reason_code == "bad-signature" and not out.exists()


def test_only_the_intended_district_key_opens_it(tmp_path, commune):
    path = _copy(commune, tmp_path / "stick").path
    me = load_or_create_identity(commune)
    somebody = load_or_create_identity(open_app(tmp_path / "elsewhere"))
    with open(path, "rb") as fh, pytest.raises(BundleRejected) as caught:
        backup_file.open_sealed(
            fh, None, sign_pub_b64=me.sign_public_b64, box_private=somebody.box_private
        )
    assert caught.value.reason_code == "wrong-recipient"


def test_the_stick_keeps_the_newest_two_copies(tmp_path, commune):
    stick = tmp_path / "stick"
    made = [_copy(commune, stick) for _ in range(3)]
    on_stick = stick_backup.list_stick_backups(stick, AGENCY)
    assert on_stick == [made[1].path, made[2].path]
    assert made[2].kept == (made[2].path, made[1].path)
    assert made[2].removed == (made[0].path,)
    assert made[2].used == sum(p.stat().st_size for p in on_stick)
    assert made[2].free is not None and "2 copies" in made[2].message


def _full_stick(monkeypatch, *, fail_times=99):
    real = backup_file.seal
    calls = []

    def seal(src, dst, *args, **kw):
        calls.append(1)
        if len(calls) > fail_times:
            return real(src, dst, *args, **kw)
        dst.write(b"x" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stick_backup, "seal", seal)
    return calls


def test_a_full_stick_leaves_the_export_standing_with_a_warning(tmp_path, commune, monkeypatch):
    stick = tmp_path / "stick"
    earlier = _copy(commune, stick).path
    stick_backup.set_backup_to_stick(commune, True, commune.admin)
    _full_stick(monkeypatch)

    result = sync_commune.export(commune, stick, commune.admin)

    assert result.written and result.path.is_file()  # the bundle is safe
    assert "is full" in result.backup_warning and result.backup_path is None
    folder = stick_backup.stick_backup_dir(stick, AGENCY)
    assert sorted(folder.iterdir()) == [earlier]  # no partial, the earlier copy untouched
    assert "is full" in stick_backup.stick_backup_status(commune).last_error


def test_a_full_stick_makes_room_by_dropping_the_older_copy_and_keeps_the_newest(
    tmp_path, commune, monkeypatch
):
    stick = tmp_path / "stick"
    older, newest = _copy(commune, stick).path, _copy(commune, stick).path
    _full_stick(monkeypatch)
    with pytest.raises(StorageError, match="is full"):
        _copy(commune, stick)
    assert stick_backup.list_stick_backups(stick, AGENCY) == [newest]
    assert not older.exists()

    monkeypatch.undo()
    second = _copy(commune, stick).path
    calls = _full_stick(monkeypatch, fail_times=1)  # fits once the older copy is gone
    made = _copy(commune, stick)
    assert len(calls) == 2
    assert stick_backup.list_stick_backups(stick, AGENCY) == [second, made.path]


class _Recording(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads: list[int] = []

    def read(self, n=-1):
        self.reads.append(n)
        return super().read(n)


def test_the_file_is_encrypted_and_decrypted_a_chunk_at_a_time(tmp_path):
    me = Identity(*_identity(tmp_path / "me"))
    district_key = Identity(*_identity(tmp_path / "district"))
    plain = bytes(range(256)) * 14  # 3 584 bytes: 3 chunks of 1 024 and a rest
    src, sealed = _Recording(plain), io.BytesIO()
    fields = {"agency_code": AGENCY, "epoch": "e", "created_at": "2026-03-10T09:00:00"}
    info = backup_file.seal(src, sealed, fields, me, district_key.box_public_b64, chunk_size=1024)

    assert all(0 < n <= 1024 for n in src.reads)
    assert len(src.reads) >= 2 * 4  # two passes of four chunks each
    assert info.size == len(sealed.getvalue())
    reader, out = _Recording(sealed.getvalue()), io.BytesIO()
    header = backup_file.open_sealed(
        reader, out, sign_pub_b64=me.sign_public_b64, box_private=district_key.box_private
    )
    assert out.getvalue() == plain and header["plain_size"] == len(plain)
    # magic and header length, the header, the trailer, then one read per chunk
    assert reader.reads[2:] == [96, 1040, 1040, 1040, 528]


def _identity(folder):
    ctx = open_app(folder)
    try:
        i = load_or_create_identity(ctx)
    finally:
        ctx.close()
    return i.installation_id, i.epoch_id, i.sign_private, i.box_private
