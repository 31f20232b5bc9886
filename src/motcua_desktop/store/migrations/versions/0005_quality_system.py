"""The quality system: checklist runs, answers and attachments, nonconformities, records, documents.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("origin_id", sa.String(length=36), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "checklist_runs",
        *_synced(),
        sa.Column("template_code", sa.String(length=64), nullable=False),
        sa.Column("template_version", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("run_on", sa.Date(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("auditors", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=36), nullable=True),
        sa.Column("signed_by_name", sa.String(length=200), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_runs"),
    )
    op.create_index("ix_checklist_runs_run_on", "checklist_runs", ["run_on"])

    op.create_table(
        "checklist_answers",
        *_synced(),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("verdict", sa.String(length=12), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["checklist_runs.id"], name="fk_checklist_answers_run_id_checklist_runs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_answers"),
        sa.UniqueConstraint("run_id", "item_id", name="uq_checklist_answers_run_item"),
    )
    op.create_index("ix_checklist_answers_run_id", "checklist_answers", ["run_id"])

    op.create_table(
        "checklist_attachments",
        *_synced(),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["checklist_runs.id"], name="fk_checklist_attachments_run_id_checklist_runs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_attachments"),
    )
    op.create_index("ix_checklist_attachments_run_id", "checklist_attachments", ["run_id"])

    op.create_table(
        "nonconformities",
        *_synced(),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("correction", sa.Text(), nullable=False),
        sa.Column("corrective_action", sa.Text(), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("verified_by_name", sa.String(length=200), nullable=False),
        sa.Column("effective", sa.Boolean(), nullable=True),
        sa.Column("verification_note", sa.Text(), nullable=False),
        sa.Column("report_due_on", sa.Date(), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_nonconformities"),
    )
    op.create_index("ix_nonconformities_run_id", "nonconformities", ["run_id"])
    op.create_index("ix_nonconformities_found_on", "nonconformities", ["found_on"])
    op.create_index("ix_nonconformities_due_on", "nonconformities", ["due_on"])

    op.create_table(
        "quality_records",
        *_synced(),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("record_date", sa.Date(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quality_records"),
    )
    op.create_index("ix_quality_records_kind", "quality_records", ["kind"])
    op.create_index("ix_quality_records_record_date", "quality_records", ["record_date"])

    op.create_table(
        "controlled_documents",
        *_synced(),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("doc_type", sa.String(length=16), nullable=False),
        sa.Column("doc_version", sa.String(length=32), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("procedure_code", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_controlled_documents"),
    )
    op.create_index(
        "ix_controlled_documents_procedure_code", "controlled_documents", ["procedure_code"]
    )


def downgrade() -> None:
    raise NotImplementedError("schema 0005 cannot be downgraded; restore a backup instead")
