"""rename users.name to display_name

Revision ID: 8192a3b4c5d6
Revises: 708192a3b4c5
Create Date: 2026-04-01 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "8192a3b4c5d6"
down_revision: Union[str, None] = "708192a3b4c5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.alter_column("users", "name", new_column_name="display_name")


def downgrade() -> None:
    op.alter_column("users", "display_name", new_column_name="name")
