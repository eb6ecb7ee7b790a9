"""seed the admin user (data only)

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2026-02-09 09:00:00.000000

A data migration: it changes rows, not the schema, so the catalog cannot
tell whether it ran. Running it twice fails (users.email is unique).
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = "4d5e6f708192"
down_revision: Union[str, None] = "3c4d5e6f7081"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("INSERT INTO users (email, name) VALUES ('admin@example.com', 'admin')")


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE email = 'admin@example.com'")
