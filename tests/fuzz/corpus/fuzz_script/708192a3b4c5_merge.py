"""merge published and tags

Revision ID: 708192a3b4c5
Revises: 5e6f708192a3, 6f708192a3b4
Create Date: 2026-03-10 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '708192a3b4c5'
down_revision = ('5e6f708192a3', '6f708192a3b4')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
