"""Dossier lifecycle (pauses, extensions, hand-overs, returns) and the FTS5 search index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:
    """The columns every synced table has (new objects each call: a Column has one table)."""
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
    ]


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch copy): dossiers may hold a million rows and other
    # tables reference it, so the table is never rebuilt.
    add = op.add_column
    add("dossiers", sa.Column("original_due_at", sa.DateTime(), nullable=True))
    add("dossiers", sa.Column("paused_at", sa.DateTime(), nullable=True))
    for name in ("paused_minutes", "supplement_count", "extension_count"):
        add("dossiers", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    add("dossiers", sa.Column("timeliness", sa.String(length=8), nullable=True))
    add("dossiers", sa.Column("handling_official_id", sa.String(length=36), nullable=True))
    add(
        "dossiers",
        sa.Column("handling_official_name", sa.String(200), nullable=False, server_default=""),
    )
    add("dossiers", sa.Column("co_handling_units", sa.JSON(none_as_null=True), nullable=True))
    add("dossiers", sa.Column("return_method", sa.String(length=8), nullable=True))
    add("dossiers", sa.Column("returned_to", sa.String(200), nullable=False, server_default=""))
    add("dossiers", sa.Column("post_tracking", sa.String(64), nullable=False, server_default=""))
    add("dossiers", sa.Column("search_id", sa.Integer(), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute("UPDATE dossiers SET original_due_at = due_at")
    if sqlite:  # a PostgreSQL district database is new and empty at this point
        op.execute("UPDATE dossiers SET search_id = rowid")
    op.create_index("ix_dossiers_search_id", "dossiers", ["search_id"], unique=True)
    op.create_index("ix_dossiers_handling_official_id", "dossiers", ["handling_official_id"])
    op.create_index("ix_dossiers_status_due_at", "dossiers", ["status", "due_at"])
    op.create_index("ix_dossiers_applicant_name", "dossiers", ["applicant_name"])
    op.create_index("ix_dossiers_field_name", "dossiers", ["field_name"])

    op.create_table(
        "handovers",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("from_name", sa.String(length=200), nullable=False),
        sa.Column("from_user_id", sa.String(length=36), nullable=True),
        sa.Column("to_name", sa.String(length=200), nullable=False),
        sa.Column("to_user_id", sa.String(length=36), nullable=True),
        sa.Column("to_unit", sa.String(length=200), nullable=False),
        sa.Column("step_due_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.String(length=8), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name="fk_handovers_dossier_id_dossiers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_handovers"),
        sa.UniqueConstraint("dossier_id", "position", name="uq_handovers_pos"),
    )
    op.create_index("ix_handovers_dossier_id", "handovers", ["dossier_id"])
    op.create_table(
        "extensions",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("previous_due_at", sa.DateTime(), nullable=False),
        sa.Column("new_due_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("letter_number", sa.String(length=32), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name="fk_extensions_dossier_id_dossiers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_extensions"),
    )
    op.create_index("ix_extensions_dossier_id", "extensions", ["dossier_id"])

    if sqlite:
        _create_search_index()


def _create_search_index() -> None:
    """SQLite only; a PostgreSQL district database searches ``search_text`` directly."""
    # The text is folded already (store), the tokenizer only splits.
    op.execute(
        "CREATE VIRTUAL TABLE dossier_search USING fts5("
        # prefix indexes make 2- and 3-letter prefixes ("an"*, "ngu"*) cheap
        "body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    op.execute(
        "INSERT INTO dossier_search(rowid, body) SELECT search_id, search_text FROM dossiers"
    )
    op.execute(
        "CREATE TRIGGER dossiers_search_ai AFTER INSERT ON dossiers BEGIN "
        "SELECT RAISE(ABORT, 'dossiers.search_id must be set') WHERE new.search_id IS NULL; "
        "INSERT INTO dossier_search(rowid, body) VALUES (new.search_id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER dossiers_search_au AFTER UPDATE OF search_text, search_id ON dossiers "
        "BEGIN DELETE FROM dossier_search WHERE rowid = old.search_id; "
        "INSERT INTO dossier_search(rowid, body) VALUES (new.search_id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER dossiers_search_ad AFTER DELETE ON dossiers BEGIN "
        "DELETE FROM dossier_search WHERE rowid = old.search_id; END"
    )


def downgrade() -> None:
    raise NotImplementedError("schema 0002 cannot be downgraded; restore a backup instead")
