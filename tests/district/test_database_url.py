"""`open_database_url`: SQLite and PostgreSQL URLs, the schema Alembic makes on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.store.db import SCHEMA_HEAD, open_database_url
from motcua_desktop.store.models import Base


def test_sqlite_url_opens_the_file(tmp_path):
    db = open_database_url(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    try:
        assert db.is_sqlite and db.path == tmp_path / "d.sqlite3"
        assert db.revision() == SCHEMA_HEAD
    finally:
        db.close()


@pytest.mark.parametrize("url", ["mysql://x@localhost/db", "sqlite://", "not a url"])
def test_other_urls_are_refused_in_words(url):
    with pytest.raises(StorageError):
        open_database_url(url)


def test_postgresql_gets_every_table_and_column_of_the_models(request):
    import district_pg as pg

    admin = request.getfixturevalue("pg_server")
    url = pg.create_database(admin)
    try:
        db = open_database_url(url.replace("postgresql+psycopg://", "postgresql://"))
        try:
            assert db.dialect == "postgresql" and db.path is None
            assert db.revision() == SCHEMA_HEAD
            insp = inspect(db.engine)
            tables = set(insp.get_table_names())
            assert set(Base.metadata.tables) <= tables
            assert "dossier_search" not in tables  # FTS5 is SQLite's; PG searches search_text
            for name, table in Base.metadata.tables.items():
                assert {c["name"] for c in insp.get_columns(name)} == set(table.columns.keys())
            with db.session() as s:  # counters serialise through an advisory lock
                from motcua_desktop.store.search_index import reserve_search_ids

                assert reserve_search_ids(s.connection(), 3) == range(1, 4)
                from motcua_desktop.store.sequences import next_value

                assert [next_value(s, "book:2026") for _ in range(2)] == [1, 2]
        finally:
            db.close()
        again = open_database_url(url)  # at head: opens without migrating
        again.close()
    finally:
        pg.drop_database(admin, url)
