"""The USB mailbox: local identity, the bundle log, registered communes, row provenance.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Tables whose rows travel to the district; each gets the commune they came from.
_TRAVELLING = (
    "dossiers",
    "handovers",
    "extensions",
    "dossier_components",
    "dossier_events",
    "documents",
)


def upgrade() -> None:
    for table in _TRAVELLING:
        op.add_column(table, sa.Column("origin_id", sa.String(length=36), nullable=True))
    op.create_index("ix_dossiers_origin_id", "dossiers", ["origin_id"])
    # Sorting and filtering the dossier list on a million rows.
    op.create_index("ix_dossiers_procedure_name", "dossiers", ["procedure_name"])
    op.create_index("ix_dossiers_channel", "dossiers", ["channel"])
    op.create_index("ix_dossiers_handling_official_name", "dossiers", ["handling_official_name"])
    op.create_index("ix_dossiers_field_received", "dossiers", ["field_name", "received_at"])
    op.create_index("ix_dossiers_status_received", "dossiers", ["status", "received_at"])
    op.create_index("ix_dossiers_procedure_received", "dossiers", ["procedure_code", "received_at"])

    op.create_table(
        "local_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_local_state"),
    )
    op.create_table(
        "bundle_log",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("sender_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_id", sa.String(length=36), nullable=False),
        sa.Column("commune_id", sa.String(length=36), nullable=True),
        sa.Column("epoch", sa.String(length=36), nullable=False),
        sa.Column("seq_from", sa.Integer(), nullable=False),
        sa.Column("seq_to", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("prev_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("counts", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bundle_log"),
    )
    op.create_index("ix_bundle_log_bundle_id", "bundle_log", ["bundle_id"])
    op.create_index("ix_bundle_log_commune_id", "bundle_log", ["commune_id"])
    op.create_index("ix_bundle_log_sha256", "bundle_log", ["sha256"])
    op.create_table(
        "communes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("profile", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("enrolment_token_sha256", sa.String(length=64), nullable=False),
        sa.Column("installation_id", sa.String(length=36), nullable=True),
        sa.Column("sign_public_key", sa.String(length=64), nullable=True),
        sa.Column("box_public_key", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("epoch", sa.String(length=36), nullable=True),
        sa.Column("acked_seq", sa.Integer(), nullable=False),
        sa.Column("gaps", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("last_bundle_at", sa.DateTime(), nullable=True),
        sa.Column("last_data_at", sa.DateTime(), nullable=True),
        sa.Column("config_version_sent", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_communes"),
        sa.UniqueConstraint("agency_code", name="uq_communes_agency_code"),
    )


def downgrade() -> None:
    raise NotImplementedError("schema 0003 cannot be downgraded; restore a backup instead")
