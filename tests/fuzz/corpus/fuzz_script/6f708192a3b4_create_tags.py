"""create tags

Revision ID: 6f708192a3b4
Revises: 4d5e6f708192
Create Date: 2026-03-03 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "6f708192a3b4"
down_revision: Union[str, None] = "4d5e6f708192"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE tags ("
        " id serial PRIMARY KEY,"
        " name varchar(50) NOT NULL"
        ")"
    )
    op.execute("CREATE INDEX ix_tags_name ON tags (name)")


def downgrade() -> None:
    op.execute("DROP TABLE tags")
