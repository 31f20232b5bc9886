"""A data folder that cannot be written: a clear one-line reason, exit code 1, nothing changed.

Runs ``motcua`` in a child that file modes really bind: as root (where chmod
alone stops nothing) the child drops the capabilities that override them
(``fault_helpers.run_cli``); as another user chmod does it by itself.
"""

from __future__ import annotations

import pytest
from crash_setup import CLERK, request
from fault_helpers import (
    counts,
    make_desk,
    make_read_only,
    make_writable,
    run_cli,
    tree,
    vietnamese,
)
from sqlalchemy import event

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.services import intake, users
from motcua_desktop.services.context import DB_NAME, open_app

FOLDER_READ_ONLY = (
    "The folder of {path} cannot be written (it is read-only or access is denied), so "
    "the document was not saved."
)


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "data"
    code = make_desk(folder)
    yield folder, code
    make_writable(folder)  # so that pytest can clean up


def _refused(result, *words: str) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    err = result.stderr.strip()
    assert "Traceback" not in result.stderr, result.stderr
    assert len(err.splitlines()) == 1 and err.startswith("motcua: error: "), err
    for word in words:
        assert word in err, err
    return err


@pytest.mark.parametrize(
    "command",
    [
        ["doctor"],  # opening the program at all
        ["backup"],  # a command that writes
        ["dossier", "start", "{code}", "--unit", "Tư pháp", "--user", CLERK],
    ],
    ids=["open", "backup", "dossier-start"],
)
def test_read_only_data_folder_refuses_cleanly(desk, command):
    folder, code = desk
    make_read_only(folder)
    before = tree(folder)
    args = [c.format(code=code) for c in command]
    result = run_cli("--data-dir", str(folder), *args)
    _refused(result, "cannot be written to", str(folder))
    assert tree(folder) == before
    vi = run_cli("--data-dir", str(folder), *args, lang="vi")
    _refused(vi, "Không", str(folder))
    assert tree(folder) == before


def test_read_only_database_file_refuses_cleanly(desk):
    folder, code = desk
    make_read_only(folder / DB_NAME)
    before = tree(folder)
    result = run_cli(
        "--data-dir", str(folder), "dossier", "start", code, "--unit", "Tư pháp", "--user", CLERK
    )
    _refused(result, "read-only", DB_NAME)
    assert tree(folder) == before


def test_printing_into_a_read_only_documents_folder(desk, tmp_path):
    folder, code = desk
    documents = folder / "documents"
    documents.mkdir(exist_ok=True)
    make_read_only(documents)
    before = counts(folder)
    out = tmp_path / "receipt.pdf"
    result = run_cli(
        "--data-dir", str(folder), "print", "receipt", code, "-o", str(out), "--user", CLERK
    )
    err = _refused(result, "cannot be written", "read-only", code)
    assert "the document was not saved" in err
    assert not out.exists()
    assert [p for p in documents.rglob("*")] == []
    assert counts(folder) == before  # no documents row, no "printed" event
    vi = vietnamese(FOLDER_READ_ONLY)
    assert "chỉ cho phép đọc" in vi and "{path}" in vi, vi
    make_writable(documents)
    again = run_cli(
        "--data-dir", str(folder), "print", "receipt", code, "-o", str(out), "--user", CLERK
    )
    assert again.returncode == 0, again.stderr
    assert out.read_bytes()[:5] == b"%PDF-"


def test_database_that_turns_read_only_under_a_running_program(desk):
    """The file becomes unwritable while the program runs (a share remounted read-only):
    SQLite's SQLITE_READONLY, here made with ``PRAGMA query_only``, is said plainly."""
    folder, _code = desk
    ctx = open_app(folder)
    try:
        clerk = users.get_user(ctx, CLERK)
        before = counts(folder)

        def query_only(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA query_only=ON")

        ctx.db.engine.dispose()
        event.listen(ctx.db.engine, "connect", query_only)
        with pytest.raises(StorageError) as failed:
            intake.accept(ctx, request(2), clerk)
        assert failed.value.message == (
            "The database cannot be written (the file or its folder is read-only), so the "
            "change was not saved."
        )
        event.remove(ctx.db.engine, "connect", query_only)
        ctx.db.engine.dispose()
        assert counts(folder) == before
        intake.accept(ctx, request(3), clerk)
        assert counts(folder)["dossiers"] == before["dossiers"] + 1
    finally:
        ctx.close()
