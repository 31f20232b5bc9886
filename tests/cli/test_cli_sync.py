"""`motcua export`, `import` and `verify` end to end, on the demo commune and the demo district."""

from __future__ import annotations

import json
import subprocess
import sys

from motcua_desktop.services.context import open_app
from motcua_desktop.sync import mailbox
from motcua_desktop.sync.bundle import open_bundle, write_bundle
from motcua_desktop.sync.downlink import Ack
from motcua_desktop.sync.keys import demo_district_keys, load_or_create_identity
from motcua_desktop.sync.payload import decode_rows

AGENCY = "000.31.25.H56"
DISTRICT = demo_district_keys()


def motcua(*args, data_dir):
    cmd = [sys.executable, "-m", "motcua_desktop", "--data-dir", str(data_dir), "--lang", "en"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, encoding="utf-8")


def _identity(data):
    ctx = open_app(data)
    try:
        return load_or_create_identity(ctx)
    finally:
        ctx.close()


def _ack_on_stick(data, stick, seq, name="ack"):
    me = _identity(data)
    bundle = write_bundle(
        {"kind": "ack", "recipient_id": me.installation_id},
        Ack(me.epoch_id, seq).to_payload(),
        DISTRICT,
        me.box_public_b64,
    )
    path = mailbox.inbox_dir(stick, AGENCY) / f"{name}.motcua"
    mailbox.write_atomically(path, bundle)
    return path


def test_export_import_verify_round_trip(tmp_path):
    data, stick = tmp_path / "data", tmp_path / "stick"
    assert motcua("demo", "--dossiers", "20", data_dir=data).returncode == 0

    out = motcua("export", "--to", str(stick), "--json", data_dir=data)
    assert out.returncode == 0, out.stderr
    exported = json.loads(out.stdout)
    assert exported["written"] and exported["counts"]["dossiers"] == 20
    bundle = stick / "MOTCUA" / "outbox" / AGENCY / exported["path"].rsplit("/", 1)[-1]
    me = _identity(data)
    _manifest, payload = open_bundle(
        bundle.read_bytes(), my_identity=DISTRICT, sender_sign_pub_b64=me.sign_public_b64
    )
    assert sum(1 for r in decode_rows(payload) if r["t"] == "dossiers") == 20

    verified = motcua("verify", str(bundle), "--json", data_dir=data)
    assert verified.returncode == 0 and json.loads(verified.stdout)["signature_ok"] is True

    _ack_on_stick(data, stick, exported["seq_to"])
    imported = motcua("import", str(stick), "--json", data_dir=data)
    assert imported.returncode == 0, imported.stderr
    [result] = json.loads(imported.stdout)
    assert (result["kind"], result["status"]) == ("ack", "applied")

    again = motcua("import", str(stick), data_dir=data)
    assert again.returncode == 0 and "duplicate" in again.stdout

    nothing = motcua("export", "--to", str(stick), data_dir=data)
    assert nothing.returncode == 0 and "Nothing new to send" in nothing.stdout
    assert len(mailbox.list_bundles(mailbox.outbox_dir(stick, AGENCY))) == 1


def test_errors_are_one_line_and_exit_1(tmp_path):
    data, stick = tmp_path / "data", tmp_path / "stick"
    setup = motcua(
        "setup", "--commune-name", "Xã Bình Mỹ", "--parent-body", "UBND XÃ BÌNH MỸ",
        "--unit-name", "BỘ PHẬN MỘT CỬA", "--agency-code", AGENCY, "--place-name", "Bình Mỹ",
        "--admin", "admin", "--admin-password", "secret-1", data_dir=data,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    no_district = motcua("export", "--to", str(stick), data_dir=data)
    assert no_district.returncode == 1
    assert no_district.stderr.count("\n") == 1 and "provisioning file" in no_district.stderr

    junk = tmp_path / "junk.motcua"
    junk.write_bytes(b"not a bundle")
    bad = motcua("verify", str(junk), data_dir=data)
    assert bad.returncode == 1 and bad.stdout.startswith("FAIL")

    # An ack made for another installation is rejected and the file stays where it is.
    other = tmp_path / "other"
    assert motcua("demo", "--dossiers", "3", data_dir=other).returncode == 0
    stray = _ack_on_stick(other, stick, 1)
    wrong = motcua("import", str(stray), "--json", data_dir=data)
    assert wrong.returncode == 1
    [result] = json.loads(wrong.stdout)
    assert result["status"] == "rejected" and stray.exists()

    missing = motcua("import", str(tmp_path / "nowhere"), data_dir=data)
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
