"""District fixtures: a real PostgreSQL server for the session, and both backends per test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Helper modules live beside this file; make them importable whatever the import mode.
sys.path.insert(0, str(Path(__file__).parent))

import district_pg as pg  # noqa: E402


@pytest.fixture(scope="session")
def pg_server():
    """The admin URL of a PostgreSQL server: $MOTCUA_TEST_PG_URL, or a private cluster.

    Never skips: without PostgreSQL the district tests fail and say how to install it.
    """
    url = os.environ.get("MOTCUA_TEST_PG_URL")
    if url:
        yield url
        return
    if pg.pg_bin_dir() is None:
        pytest.fail(pg.INSTALL_HINT, pytrace=False)
    cluster = pg.PrivateCluster()
    try:
        admin_url = cluster.start()
    except Exception as exc:  # the server log says why; keep it in the failure
        log = cluster.root / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        cluster.stop()
        pytest.fail(f"could not start a private PostgreSQL cluster: {exc}\n{detail}")
    yield admin_url
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(request, backend, tmp_path):
    """None for SQLite (the data folder's file), else a fresh PostgreSQL database's URL."""
    if backend == "sqlite":
        yield None
        return
    admin = request.getfixturevalue("pg_server")
    url = pg.create_database(admin)
    yield url
    pg.drop_database(admin, url)


@pytest.fixture
def district_ctx(db_url, tmp_path):
    """A district installation on the backend under test, set up and empty."""
    from motcua_desktop.services import district
    from motcua_desktop.services.context import open_app

    ctx = open_app(tmp_path / "district", db_url=db_url)
    district.init_district(ctx, "Huyện Phú Tân", None)
    yield ctx
    ctx.close()


@pytest.fixture
def stick(tmp_path) -> Path:
    root = tmp_path / "stick"
    root.mkdir()
    return root


@pytest.fixture
def commune(tmp_path, district_ctx):
    from district_helpers import make_commune

    c = make_commune(tmp_path, district_ctx, "000.31.25.H56", "Xã An Phú")
    yield c
    c.close()
