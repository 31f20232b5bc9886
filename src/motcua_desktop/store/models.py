"""ORM models of the installation's database; Alembic migrations must match them.

Timestamps are the desk PC's local wall-clock time, stored naive (Vietnam has
no daylight saving time); the order of changes for sync comes from
``changes.seq``, never from clocks. Synced tables carry ``__synced__ = True``
and are written through the change log (see ``store.changelog``).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names so Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def now() -> datetime:
    """Local wall-clock time to the second; all stored times use this."""
    return datetime.now().replace(microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    __synced__ = False


class Synced:
    """Columns every synced row has; ``version`` and ``updated_at`` are kept by the change log."""

    __synced__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    created_by: Mapped[str | None] = mapped_column(String(36), default=None)


class Travels:
    """Marks a synced table whose rows go up to the district in data bundles.

    Such a table must be keyed only by UUIDs and globally unique values (a dossier
    code carries its agency code), because every commune's rows meet in one
    district database. Columns with ``info={"local": True}`` stay home.
    ``origin_id`` is set at the district to the commune the row came from.
    """

    __sync_up__ = True

    origin_id: Mapped[str | None] = mapped_column(
        String(36), nullable=True, default=None, info={"local": True}
    )


class Setting(Synced, Base):
    """One key of configuration: "profile" (CommuneProfile), "catalogue", "ui_language"…"""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[Any] = mapped_column(JSON)


class User(Synced, Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # clerk | leader | admin
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    # --- accounts (schema 0007) ---
    # Set after repeated failed logins; the account opens again by itself after this time.
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Set by an administrator's reset: the user must choose a new password at next login.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )


class ProcedureRow(Base):
    """A procedure of the shipped catalogue; reference data, not synced upward."""

    __tablename__ = "procedures"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    catalogue_version: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    field_name: Mapped[str] = mapped_column(String(200))
    field_code: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[Any] = mapped_column(JSON)
    search_text: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ProcedureOverride(Synced, Base):
    """The commune's own processing time and components; survives catalogue updates."""

    __tablename__ = "procedure_overrides"
    procedure_code: Mapped[str] = mapped_column(String(64), unique=True)
    processing: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    components: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[str | None] = mapped_column(String(36), default=None)


class CalendarDay(Synced, Base):
    """A local day off or extra working day overriding the national holiday table."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # off | working
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[str | None] = mapped_column(String(36), default=None)


class Dossier(Travels, Synced, Base):
    __tablename__ = "dossiers"
    code: Mapped[str] = mapped_column(String(64), unique=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    procedure_code: Mapped[str] = mapped_column(String(64), index=True)
    procedure_name: Mapped[str] = mapped_column(Text)
    field_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[int] = mapped_column(Integer, index=True)
    channel: Mapped[int] = mapped_column(Integer, default=1)
    # A citizen's personal data (info "personal"): sealed in the audit trail, blanked
    # by the retention purge (services.retention).
    applicant_name: Mapped[str] = mapped_column(String(200), info={"personal": True})
    applicant_id_number: Mapped[str] = mapped_column(
        String(32), default="", info={"personal": True}
    )
    applicant_phone: Mapped[str] = mapped_column(String(32), default="", info={"personal": True})
    applicant_address: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
    applicant_email: Mapped[str] = mapped_column(String(200), default="", info={"personal": True})
    owner_name: Mapped[str] = mapped_column(String(200), default="", info={"personal": True})
    owner_address: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    due_at: Mapped[datetime | None] = mapped_column(DateTime, index=True, nullable=True)
    # Resolution times, kept on the row so reports need not scan events.
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    processing_unit: Mapped[str] = mapped_column(String(16))
    processing_amount: Mapped[int] = mapped_column(Integer, default=0)
    processing_cutoff: Mapped[str | None] = mapped_column(String(5), nullable=True)
    processing_text: Mapped[str] = mapped_column(String(64), default="")
    handling_unit: Mapped[str] = mapped_column(String(200), default="")
    sets_count: Mapped[int] = mapped_column(Integer, default=1)
    fee_vnd: Mapped[int] = mapped_column(Integer, default=0)
    result_delivery: Mapped[str] = mapped_column(String(8), default="desk")
    note: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    book_number: Mapped[str] = mapped_column(String(16), default="")
    book_serial: Mapped[int] = mapped_column(Integer, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="", info={"personal": True})
    # --- lifecycle (schema 0002) ---
    # The appointment printed on the receipt; due_at moves with pauses and extensions.
    original_due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Set while the clock is stopped (supplement requested during processing, or
    # awaiting payment when that pauses); cleared when it runs again.
    paused_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    paused_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    supplement_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    extension_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    timeliness: Mapped[str | None] = mapped_column(String(8), nullable=True)  # early|on_time|late
    handling_official_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    handling_official_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # When the retention purge blanked this closed dossier's personal fields (schema 0007).
    personal_purged_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    co_handling_units: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    return_method: Mapped[str | None] = mapped_column(String(8), nullable=True)  # desk|post
    returned_to: Mapped[str] = mapped_column(
        String(200), default="", server_default="", info={"personal": True}
    )
    post_tracking: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # Stable integer key of the row in the FTS5 index ``dossier_search`` (a UUID
    # cannot be an FTS rowid, and SQLite's own rowid may change on VACUUM).
    # Assigned by store.search on insert; nullable only because SQLite cannot add
    # a NOT NULL column to a filled table without copying it.
    search_id: Mapped[int | None] = mapped_column(
        Integer, nullable=True, unique=True, index=True, info={"local": True}
    )


Index("ix_dossiers_status_due_at", Dossier.status, Dossier.due_at)
Index("ix_dossiers_applicant_name", Dossier.applicant_name)
Index("ix_dossiers_field_name", Dossier.field_name)
Index("ix_dossiers_origin_id", Dossier.origin_id)
# For sorting and filtering the dossier list on a million rows (services.dossier_list).
Index("ix_dossiers_procedure_name", Dossier.procedure_name)
Index("ix_dossiers_channel", Dossier.channel)
Index("ix_dossiers_handling_official_name", Dossier.handling_official_name)
Index("ix_dossiers_field_received", Dossier.field_name, Dossier.received_at)
Index("ix_dossiers_status_received", Dossier.status, Dossier.received_at)
Index("ix_dossiers_procedure_received", Dossier.procedure_code, Dossier.received_at)
# Report II.06a (services.reports_sql): what was resolved on or after a period's start
# but received before it, read from the index alone; and every column the counting
# needs for the dossiers received in a period, so a year is read without the table.
Index("ix_dossiers_finished_received", Dossier.finished_at, Dossier.received_at)
Index("ix_dossiers_returned_received", Dossier.returned_at, Dossier.received_at)
Index(
    "ix_dossiers_report",
    Dossier.received_at,
    Dossier.status,
    Dossier.due_at,
    Dossier.channel,
    Dossier.finished_at,
    Dossier.returned_at,
    Dossier.timeliness,
    Dossier.field_name,
    Dossier.procedure_code,
    Dossier.origin_id,
)


class Handover(Travels, Synced, Base):
    """One hand-over of the file (form 06): desk → handling official → leader → desk."""

    __tablename__ = "handovers"
    __table_args__ = (UniqueConstraint("dossier_id", "position", name="uq_handovers_pos"),)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    from_name: Mapped[str] = mapped_column(String(200))
    from_user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    to_name: Mapped[str] = mapped_column(String(200))
    to_user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    to_unit: Mapped[str] = mapped_column(String(200), default="")
    step_due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[str | None] = mapped_column(String(8), nullable=True)  # early|on_time|late
    note: Mapped[str] = mapped_column(Text, default="")


class Extension(Travels, Synced, Base):
    """An apology and extension letter (form 04): the old and the new appointment."""

    __tablename__ = "extensions"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    previous_due_at: Mapped[datetime] = mapped_column(DateTime)
    new_due_at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text)
    letter_number: Mapped[str] = mapped_column(String(32), default="")


class DossierComponent(Travels, Synced, Base):
    __tablename__ = "dossier_components"
    __table_args__ = (UniqueConstraint("dossier_id", "position", name="uq_dossier_components_pos"),)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    originals: Mapped[int] = mapped_column(Integer, default=0)
    certified_copies: Mapped[int] = mapped_column(Integer, default=0)
    photocopies: Mapped[int] = mapped_column(Integer, default=0)


class DossierEvent(Travels, Synced, Base):
    """One step in a dossier's life: received, supplement_requested, refused, printed…"""

    __tablename__ = "dossier_events"
    __table_args__ = (Index("ix_dossier_events_dossier_at", "dossier_id", "at"),)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str | None] = mapped_column(String(36), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # May name the citizen ("collected_by"): an edit of it is sealed in the audit trail.
    data: Mapped[Any] = mapped_column(
        JSON(none_as_null=True), nullable=True, info={"personal": True}
    )


class DocumentRow(Travels, Synced, Base):
    """A printed PDF kept under the data folder; ``path`` is relative to it."""

    __tablename__ = "documents"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    template_version: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)


class QualityObjective(Travels, Synced, Base):
    """One of the commune's yearly quality objectives (ISO 9001 clause 6.2), e.g. ≥ 98 % on time.

    ``measure`` names what the program computes (``domain.quality_objectives``);
    "manual" objectives carry their actual value in ``manual_actual``. No unique
    key: at the district every commune's objectives meet in one table.
    """

    __tablename__ = "quality_objectives"
    year: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    measure: Mapped[str] = mapped_column(String(48))
    title: Mapped[str] = mapped_column(Text)
    comparator: Mapped[str] = mapped_column(String(2), default=">=")  # >= | <=
    target: Mapped[float] = mapped_column(Float)
    manual_actual: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SurveyTemplate(Synced, Base):
    """A survey or evaluation template as installed: shipped, or sent by the district."""

    __tablename__ = "survey_templates"
    __table_args__ = (
        UniqueConstraint("code", "template_version", name="uq_survey_templates_code_version"),
    )
    code: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # satisfaction | evaluation
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[Any] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16), default="shipped")  # shipped | district
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SurveyBatch(Travels, Synced, Base):
    """A stack of paper forms typed in one sitting, for one survey month."""

    __tablename__ = "survey_batches"
    template_code: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    surveyed_on: Mapped[date] = mapped_column(Date, index=True)
    label: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyForm(Travels, Synced, Base):
    """One citizen's paper satisfaction form; answers keep the template version they were typed with.

    ``answers`` maps a question id to a level (1–5) or None (left blank);
    ``fingerprint`` (batch, dossier and answers hashed) catches a form typed twice.
    """

    __tablename__ = "survey_forms"
    __table_args__ = (UniqueConstraint("batch_id", "number", name="uq_survey_forms_batch_number"),)
    batch_id: Mapped[str] = mapped_column(ForeignKey("survey_batches.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    template_code: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    surveyed_on: Mapped[date] = mapped_column(Date, index=True)
    dossier_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    dossier_code: Mapped[str] = mapped_column(String(64), default="")
    procedure_code: Mapped[str] = mapped_column(String(64), default="")
    official_name: Mapped[str] = mapped_column(String(200), default="")
    answers: Mapped[Any] = mapped_column(JSON)
    overall: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reasons: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    reason_text: Mapped[str] = mapped_column(Text, default="")
    respondent: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    # Taken back by the clerk: kept (the district has its copy), left out of every count.
    voided: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    entered_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    entered_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class DossierEvaluation(Travels, Synced, Base):
    """The per-dossier evaluation: nine 0/1/2 indicators (18 points) and items 10–11."""

    __tablename__ = "dossier_evaluations"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    template_code: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    scores: Mapped[Any] = mapped_column(JSON)  # {"1": 2, ..., "9": 1}; None where not scored
    item10: Mapped[int | None] = mapped_column(Integer, nullable=True)
    item11: Mapped[int | None] = mapped_column(Integer, nullable=True)
    points: Mapped[int] = mapped_column(Integer, default=0)
    max_points: Mapped[int] = mapped_column(Integer, default=18)
    source: Mapped[str] = mapped_column(String(8), default="desk")  # desk | paper
    evaluated_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    evaluated_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class ChecklistRun(Travels, Synced, Base):
    """One run of a checklist (annual self-inspection or internal audit); frozen once closed.

    A correction after closing is a new run with ``revision`` + 1 and
    ``supersedes_id`` pointing at the closed one, which is kept as it was.
    """

    __tablename__ = "checklist_runs"
    template_code: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(24))  # self_inspection | internal_audit
    title: Mapped[str] = mapped_column(Text)
    run_on: Mapped[date] = mapped_column(Date, index=True)
    scope: Mapped[str] = mapped_column(Text, default="")
    auditors: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)  # [names]
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | closed
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    signed_by_name: Mapped[str] = mapped_column(String(200), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class ChecklistAnswer(Travels, Synced, Base):
    """The verdict on one item of a run, with the evidence looked at."""

    __tablename__ = "checklist_answers"
    __table_args__ = (UniqueConstraint("run_id", "item_id", name="uq_checklist_answers_run_item"),)
    run_id: Mapped[str] = mapped_column(ForeignKey("checklist_runs.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str | None] = mapped_column(
        String(12), nullable=True
    )  # conforming|minor|major|na
    evidence: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    answered_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class ChecklistAttachment(Travels, Synced, Base):
    """A file attached as evidence: copied under the data folder; its hash travels, not the file."""

    __tablename__ = "checklist_attachments"
    run_id: Mapped[str] = mapped_column(ForeignKey("checklist_runs.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)  # relative to the data folder
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)


class Nonconformity(Travels, Synced, Base):
    """A finding and its corrective action (ISO 9001 clause 10.2), from a checklist, a complaint or by hand."""

    __tablename__ = "nonconformities"
    number: Mapped[str] = mapped_column(String(32))  # e.g. "NC-2026-003", per commune
    source: Mapped[str] = mapped_column(String(16))  # checklist | complaint | manual
    run_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    item_id: Mapped[str] = mapped_column(String(32), default="")
    found_on: Mapped[date] = mapped_column(Date, index=True)
    severity: Mapped[str] = mapped_column(String(8), default="minor")  # minor | major
    description: Mapped[str] = mapped_column(Text)
    cause: Mapped[str] = mapped_column(Text, default="")
    correction: Mapped[str] = mapped_column(Text, default="")
    corrective_action: Mapped[str] = mapped_column(Text, default="")
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    # open | action_done | verified (effective) | reopened
    status: Mapped[str] = mapped_column(String(16), default="open")
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    verified_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    verified_by_name: Mapped[str] = mapped_column(String(200), default="")
    effective: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    verification_note: Mapped[str] = mapped_column(Text, default="")
    # Annual inspection findings: the corrective action is reported within 2 months.
    report_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reported_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class QualityRecord(Travels, Synced, Base):
    """A record of the quality system: policy, scope, declaration, training, management review.

    ``data`` holds the kind's own fields (e.g. a declaration's decision
    number and scope; a review's attendees, inputs and decisions).
    """

    __tablename__ = "quality_records"
    kind: Mapped[str] = mapped_column(String(24), index=True)
    title: Mapped[str] = mapped_column(Text)
    record_date: Mapped[date] = mapped_column(Date, index=True)
    number: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ControlledDocument(Travels, Synced, Base):
    """A controlled document: an internal process for a procedure, a form, or another document."""

    __tablename__ = "controlled_documents"
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    doc_type: Mapped[str] = mapped_column(String(16))  # process | form | other
    doc_version: Mapped[str] = mapped_column(String(32))
    effective_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    procedure_code: Mapped[str] = mapped_column(String(64), default="", index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Travels, Synced, Base):
    """One entry of the append-only audit trail; each entry's hash covers the one before it.

    ``position`` numbers the entries of one chain (1, 2, …), ``chain_id`` being the
    installation's epoch: a restore starts a new epoch and so a new chain;
    ``changes`` holds, for an edit, ``{field: [before, after]}``. Entries are
    never updated or deleted; ``motcua verify-audit`` recomputes the chain.
    """

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("chain_id", "position", name="uq_audit_log_chain_position"),)
    # The chain: this installation's epoch id (a restore starts a new epoch, so a new chain).
    chain_id: Mapped[str] = mapped_column(String(36))
    position: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(32))  # insert | update | login | export | …
    table_name: Mapped[str] = mapped_column(String(64), default="")
    row_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    changes: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    # Plain personal values behind the digests in ``changes`` (schema 0007); not hashed,
    # so the retention purge can blank them and the chain still verifies.
    sealed: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Sequence(Base):
    """Named counters: "dossier:<agency>:<yyMMdd>", "book:<year>"; local, not synced."""

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Draft(Base):
    """An unfinished form, saved so a power cut does not lose the clerk's typing."""

    __tablename__ = "drafts"
    form: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class Change(Base):
    """The change log that bundles are cut from: one row per insert or update of a synced row."""

    __tablename__ = "changes"
    __table_args__ = {"sqlite_autoincrement": True}
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(8))  # insert | update
    at: Mapped[datetime] = mapped_column(DateTime, default=now)


class LocalState(Base):
    """This installation's own facts, never synced: identity, epoch, mode, watermarks."""

    __tablename__ = "local_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class BundleLog(Base):
    """Every bundle written or read, both directions, with what became of it."""

    __tablename__ = "bundle_log"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    direction: Mapped[str] = mapped_column(String(3))  # out | in
    kind: Mapped[str] = mapped_column(String(8))  # data | ack | config
    bundle_id: Mapped[str] = mapped_column(String(36), index=True)
    sender_id: Mapped[str] = mapped_column(String(36))
    recipient_id: Mapped[str] = mapped_column(String(36))
    commune_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    epoch: Mapped[str] = mapped_column(String(36), default="")
    seq_from: Mapped[int] = mapped_column(Integer, default=0)
    seq_to: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    prev_sha256: Mapped[str] = mapped_column(String(64), default="")
    file_name: Mapped[str] = mapped_column(Text, default="")
    # written | acked | applied | duplicate | quarantined | rejected
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    counts: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=now)


class Commune(Base):
    """A commune registered at the district: identity, keys, and how far its data has come."""

    __tablename__ = "communes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agency_code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    profile: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    enrolment_token_sha256: Mapped[str] = mapped_column(String(64))
    installation_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    sign_public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    box_public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="provisioned")  # |active|revoked
    epoch: Mapped[str | None] = mapped_column(String(36), nullable=True)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)  # highest contiguous applied
    gaps: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    last_bundle_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_data_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    config_version_sent: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


SYNCED_TABLES = tuple(
    m.class_.__tablename__ for m in Base.registry.mappers if getattr(m.class_, "__synced__", False)
)
SYNC_UP_TABLES = tuple(
    m.class_.__tablename__ for m in Base.registry.mappers if getattr(m.class_, "__sync_up__", False)
)
