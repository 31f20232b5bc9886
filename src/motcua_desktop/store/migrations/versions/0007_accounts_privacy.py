"""Accounts (lockout, password age), sealed personal values in the audit trail, retention.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): fast on a district's million dossiers.
    op.add_column("users", sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.add_column("users", sa.Column("password_changed_at", sa.DateTime(), nullable=True))
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("audit_log", sa.Column("sealed", sa.JSON(none_as_null=True), nullable=True))
    op.add_column("dossiers", sa.Column("personal_purged_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("schema 0007 cannot be downgraded; restore a backup instead")
