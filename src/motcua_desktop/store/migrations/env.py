"""Alembic environment: migrates the connection handed over by ``store.db.open_database``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from motcua_desktop.store.models import Base
from motcua_desktop.store.search_index import is_fts_table

config = context.config
target_metadata = Base.metadata


def include_name(name, type_, _parent_names) -> bool:
    """Autogenerate ignores the FTS5 table and its shadow tables (made by raw SQL)."""
    return not (type_ == "table" and name and is_fts_table(name))


def _run(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Developer use (e.g. `alembic revision --autogenerate` with sqlalchemy.url set).
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
