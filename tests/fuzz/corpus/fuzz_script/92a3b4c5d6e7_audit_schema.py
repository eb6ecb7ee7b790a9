"""audit schema and events

Revision ID: 92a3b4c5d6e7
Revises: 8192a3b4c5d6
Create Date: 2026-05-04 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '92a3b4c5d6e7'
down_revision = '8192a3b4c5d6'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE SCHEMA audit")
    op.create_table(
        'events',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False, index=True),
        sa.PrimaryKeyConstraint('id'),
        schema='audit',
    )


def downgrade():
    op.drop_table('events', schema='audit')
    op.execute("DROP SCHEMA audit")
