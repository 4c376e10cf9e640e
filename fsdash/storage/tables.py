"""Every table of the dashboard's database, on one SQLAlchemy ``MetaData``.

The schema itself is made and changed by the Alembic migrations
(``fsdash/storage/migrations``); these declarations are what the code reads and
writes, and what backups walk through.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from fsdash.domain.record_fields import MAX_LENGTHS
from fsdash.domain.statuses import NON_RENSEIGNE

metadata = MetaData()

# --------------------------------------------------------------------------- registry of facilitators

facilitators = Table(
    "facilitators",
    metadata,
    Column("departement", String(3), primary_key=True),
    Column("statut", String(MAX_LENGTHS["statut"]), nullable=False, default=NON_RENSEIGNE),
    Column("etp", Float, nullable=False, default=0.0),
    Column("structure_porteuse", String(MAX_LENGTHS["structure_porteuse"]), nullable=False, default=""),
    Column("type_structure", String(MAX_LENGTHS["type_structure"]), nullable=False, default=""),
    Column("date_debut", Date, nullable=True),
    Column("date_convention", Date, nullable=True),
    Column("financement_annuel", Float, nullable=True),
    Column("commentaire", Text, nullable=False, default=""),
    Column("animateur_nom", String(MAX_LENGTHS["animateur_nom"]), nullable=False, default=""),
    Column("animateur_email", String(MAX_LENGTHS["animateur_email"]), nullable=False, default=""),
    Column("animateur_telephone", String(MAX_LENGTHS["animateur_telephone"]), nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", DateTime(timezone=True), nullable=True),
    Column("updated_by", String(200), nullable=False, default=""),
)

facilitator_history = Table(
    "facilitator_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("change_id", String(36), nullable=False, index=True),
    Column("departement", String(3), nullable=False, index=True),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("field", String(40), nullable=False),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    # The period a row is about (``date_effet``; NULL: a record-level field, an unknown
    # start, or a row written before periods existed — the action tells which).
    Column("date_effet", Date, nullable=True),
)

# The registry's time axis (issue 11, fsdash.domain.periods): one row per period of a
# département, from ``date_effet`` (NULL: « depuis une date inconnue ») until the next.
# The record-level fields (facilitator's name and contact, comment) stay on ``facilitators``.
facilitator_periods = Table(
    "facilitator_periods",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("departement", String(3), nullable=False, index=True),
    Column("date_effet", Date, nullable=True),
    Column("statut", String(MAX_LENGTHS["statut"]), nullable=False),
    Column("etp", Float, nullable=False),
    Column("structure_porteuse", String(MAX_LENGTHS["structure_porteuse"]), nullable=False, default=""),
    Column("type_structure", String(MAX_LENGTHS["type_structure"]), nullable=False, default=""),
    Column("date_convention", Date, nullable=True),
    Column("financement_annuel", Float, nullable=True),
    Column("version", Integer, nullable=False, default=1),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    UniqueConstraint("departement", "date_effet", name="uq_facilitator_periods_departement_date_effet"),
)

settings_table = Table(
    "app_settings",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text, nullable=False),
)

# --------------------------------------------------------------------------- accounts and rights

accounts = Table(
    "accounts",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("departements", String(400), nullable=False, default=""),  # codes, comma-separated
    Column("granted_by", String(254), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

account_history = Table(
    "account_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("author", String(254), nullable=False),
    Column("email", String(254), nullable=False, index=True),
    Column("action", String(20), nullable=False),  # attribution, modification, révocation
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
)

# The OpenID subject seen at the first login of an email with rights beyond reading:
# a later login with that email and another subject is refused (migration 0004).
account_subjects = Table(
    "account_subjects",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("subject", String(255), nullable=False),
    Column("bound_at", DateTime(timezone=True), nullable=False),
)

access_refusals = Table(
    "access_refusals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("refused_at", DateTime(timezone=True), nullable=False),
    Column("email", String(254), nullable=False),
    Column("role", String(20), nullable=False),
    Column("action", String(60), nullable=False),
    Column("target", String(200), nullable=False),
)

# --------------------------------------------------------------------------- versions of the site list

site_list_versions = Table(
    "site_list_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("source", String(20), nullable=False),
    Column("file_name", String(300), nullable=False),
    Column("url", Text, nullable=True),
    Column("extract_date", Date, nullable=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", Integer, nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("valid_count", Integer, nullable=False),
    Column("error_count", Integer, nullable=False),
    Column("warning_count", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

site_list_current = Table(
    "site_list_current",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version_id", Integer, ForeignKey("site_list_versions.id"), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(200), nullable=False),
    CheckConstraint("id = 1", name="site_list_current_single_row"),
)

site_list_history = Table(
    "site_list_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("version_id", Integer, ForeignKey("site_list_versions.id"), nullable=False),
    Column("previous_version_id", Integer, ForeignKey("site_list_versions.id"), nullable=True),
    Column("summary", Text, nullable=False),
    Column("counts", JSON, nullable=True),
)

# --------------------------------------------------------------------------- budget scenarios

MAX_SCENARIO_NAME = 100

budget_scenarios = Table(
    "budget_scenarios",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(MAX_SCENARIO_NAME), nullable=False, unique=True),
    Column("assumptions", JSON, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
