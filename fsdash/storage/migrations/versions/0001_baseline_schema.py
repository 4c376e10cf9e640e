"""Baseline schema: registry, history, settings, scenarios, site list versions.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 14:14:28.313040
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('budget_scenarios',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('assumptions', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('facilitator_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('change_id', sa.String(length=36), nullable=False),
    sa.Column('departement', sa.String(length=3), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('facilitator_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitator_history_change_id'), ['change_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilitator_history_departement'), ['departement'], unique=False)

    op.create_table('facilitators',
    sa.Column('departement', sa.String(length=3), nullable=False),
    sa.Column('statut', sa.String(length=32), nullable=False),
    sa.Column('etp', sa.Float(), nullable=False),
    sa.Column('structure_porteuse', sa.String(length=300), nullable=False),
    sa.Column('type_structure', sa.String(length=40), nullable=False),
    sa.Column('date_debut', sa.Date(), nullable=True),
    sa.Column('date_convention', sa.Date(), nullable=True),
    sa.Column('financement_annuel', sa.Float(), nullable=True),
    sa.Column('commentaire', sa.Text(), nullable=False),
    sa.Column('animateur_nom', sa.String(length=200), nullable=False),
    sa.Column('animateur_email', sa.String(length=200), nullable=False),
    sa.Column('animateur_telephone', sa.String(length=50), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('departement')
    )
    op.create_table('site_list_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('extract_date', sa.Date(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('valid_count', sa.Integer(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('warning_count', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('site_list_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_list_versions_sha256'), ['sha256'], unique=False)

    op.create_table('site_list_current',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=200), nullable=False),
    sa.CheckConstraint('id = 1', name='site_list_current_single_row'),
    sa.ForeignKeyConstraint(['version_id'], ['site_list_versions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('site_list_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('previous_version_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['previous_version_id'], ['site_list_versions.id'], ),
    sa.ForeignKeyConstraint(['version_id'], ['site_list_versions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('site_list_history')
    op.drop_table('site_list_current')
    with op.batch_alter_table('site_list_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_list_versions_sha256'))

    op.drop_table('site_list_versions')
    op.drop_table('facilitators')
    with op.batch_alter_table('facilitator_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitator_history_departement'))
        batch_op.drop_index(batch_op.f('ix_facilitator_history_change_id'))

    op.drop_table('facilitator_history')
    op.drop_table('budget_scenarios')
    op.drop_table('app_settings')
