"""Quality objectives, satisfaction surveys and dossier evaluations; indexes for the reports.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
    ]


def _origin() -> sa.Column:
    return sa.Column("origin_id", sa.String(length=36), nullable=True)


def upgrade() -> None:
    # Report II.06a (services.reports_sql): resolved since a period's start but received
    # before it, from the index alone; and a covering index for the dossiers received in
    # a period, so a year's report does not read the (wide) table.
    op.create_index("ix_dossiers_finished_received", "dossiers", ["finished_at", "received_at"])
    op.create_index("ix_dossiers_returned_received", "dossiers", ["returned_at", "received_at"])
    op.create_index(
        "ix_dossiers_report",
        "dossiers",
        [
            "received_at", "status", "due_at", "channel", "finished_at", "returned_at",
            "timeliness", "field_name", "procedure_code", "origin_id",
        ],
    )  # fmt: skip

    op.create_table(
        "quality_objectives",
        *_synced(),
        _origin(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=48), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("comparator", sa.String(length=2), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("manual_actual", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quality_objectives"),
    )
    op.create_index("ix_quality_objectives_year", "quality_objectives", ["year"])

    op.create_table(
        "survey_templates",
        *_synced(),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("template_version", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_survey_templates"),
        sa.UniqueConstraint("code", "template_version", name="uq_survey_templates_code_version"),
    )

    op.create_table(
        "survey_batches",
        *_synced(),
        _origin(),
        sa.Column("template_code", sa.String(length=64), nullable=False),
        sa.Column("template_version", sa.String(length=32), nullable=False),
        sa.Column("surveyed_on", sa.Date(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_survey_batches"),
    )
    op.create_index("ix_survey_batches_surveyed_on", "survey_batches", ["surveyed_on"])

    op.create_table(
        "survey_forms",
        *_synced(),
        _origin(),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("template_code", sa.String(length=64), nullable=False),
        sa.Column("template_version", sa.String(length=32), nullable=False),
        sa.Column("surveyed_on", sa.Date(), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=True),
        sa.Column("dossier_code", sa.String(length=64), nullable=False),
        sa.Column("procedure_code", sa.String(length=64), nullable=False),
        sa.Column("official_name", sa.String(length=200), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("reason_text", sa.Text(), nullable=False),
        sa.Column("respondent", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("voided", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("entered_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["survey_batches.id"],
            name="fk_survey_forms_batch_id_survey_batches",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name="pk_survey_forms"),
        sa.UniqueConstraint("batch_id", "number", name="uq_survey_forms_batch_number"),
    )
    op.create_index("ix_survey_forms_batch_id", "survey_forms", ["batch_id"])
    op.create_index("ix_survey_forms_surveyed_on", "survey_forms", ["surveyed_on"])
    op.create_index("ix_survey_forms_dossier_id", "survey_forms", ["dossier_id"])
    op.create_index("ix_survey_forms_fingerprint", "survey_forms", ["fingerprint"])

    op.create_table(
        "dossier_evaluations",
        *_synced(),
        _origin(),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("template_code", sa.String(length=64), nullable=False),
        sa.Column("template_version", sa.String(length=32), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("item10", sa.Integer(), nullable=True),
        sa.Column("item11", sa.Integer(), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("max_points", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(), nullable=False),
        sa.Column("evaluated_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name="fk_dossier_evaluations_dossier_id_dossiers",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name="pk_dossier_evaluations"),
    )
    op.create_index("ix_dossier_evaluations_dossier_id", "dossier_evaluations", ["dossier_id"])
    op.create_index("ix_dossier_evaluations_evaluated_at", "dossier_evaluations", ["evaluated_at"])


def downgrade() -> None:
    raise NotImplementedError("schema 0004 cannot be downgraded; restore a backup instead")
