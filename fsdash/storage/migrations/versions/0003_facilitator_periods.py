"""Dated periods of the registry (issue 11): ``facilitator_periods``, and the
period's ``date_effet`` on every history row.

Each existing record becomes one period starting at its ``date_debut``, or, without
one, « depuis une date inconnue » (``date_effet`` NULL). A record still « non
renseigné » with nothing else filled in gets no period: its status stays unknown.
The ``facilitators`` row keeps every column (nothing is dropped); from now on its
dated fields are read from the periods.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:15:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# What a record must hold, besides « non renseigné », to be worth a period.
_FILLED = ("structure_porteuse", "type_structure", "date_debut", "date_convention", "financement_annuel")


def upgrade() -> None:
    op.create_table('facilitator_periods',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('departement', sa.String(length=3), nullable=False),
    sa.Column('date_effet', sa.Date(), nullable=True),
    sa.Column('statut', sa.String(length=32), nullable=False),
    sa.Column('etp', sa.Float(), nullable=False),
    sa.Column('structure_porteuse', sa.String(length=300), nullable=False),
    sa.Column('type_structure', sa.String(length=40), nullable=False),
    sa.Column('date_convention', sa.Date(), nullable=True),
    sa.Column('financement_annuel', sa.Float(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('departement', 'date_effet', name='uq_facilitator_periods_departement_date_effet')
    )
    with op.batch_alter_table('facilitator_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitator_periods_departement'), ['departement'], unique=False)
    with op.batch_alter_table('facilitator_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_effet', sa.Date(), nullable=True))

    bind = op.get_bind()
    meta = sa.MetaData()
    facilitators = sa.Table('facilitators', meta, autoload_with=bind)
    periods = sa.Table('facilitator_periods', meta, autoload_with=bind)
    rows = []
    for record in bind.execute(sa.select(facilitators)).mappings():
        filled = any(record[f] not in (None, "") for f in _FILLED)
        if record["statut"] == "non renseigné" and not filled:
            continue
        rows.append({
            "departement": record["departement"], "date_effet": record["date_debut"],
            "statut": record["statut"], "etp": record["etp"] or 0.0,
            "structure_porteuse": record["structure_porteuse"] or "",
            "type_structure": record["type_structure"] or "",
            "date_convention": record["date_convention"], "financement_annuel": record["financement_annuel"],
            "version": 1, "recorded_at": record["updated_at"] or datetime.now(UTC),
            "recorded_by": record["updated_by"] or "migration 0003",
        })
    if rows:
        bind.execute(sa.insert(periods), rows)


def downgrade() -> None:
    with op.batch_alter_table('facilitator_history', schema=None) as batch_op:
        batch_op.drop_column('date_effet')
    with op.batch_alter_table('facilitator_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitator_periods_departement'))
    op.drop_table('facilitator_periods')
