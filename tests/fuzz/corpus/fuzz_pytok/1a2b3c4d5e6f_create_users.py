"""create users

Revision ID: 1a2b3c4d5e6f
Revises:
Create Date: 2026-01-05 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1a2b3c4d5e6f'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=255), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('email'),
    )
    op.create_index(op.f('ix_users_name'), 'users', ['name'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_users_name'), table_name='users')
    op.drop_table('users')
