"""sign-in matches a username whatever its upper and lower case

Revision ID: 0004
Revises: 0003
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _key(username: str) -> str:
    # As audits.auth.username_key; copied so that this step stays as it is if that changes.
    return unicodedata.normalize("NFKC", username.strip()).casefold()


def upgrade() -> None:
    # NOT NULL with a default, not in batch mode: on SQLite batch mode copies the table, and
    # dropping the old users table breaks the foreign keys of every visit and audit.
    op.add_column(
        "users",
        sa.Column("username_key", sa.String(length=320), nullable=False, server_default=""),
    )
    users = sa.table(
        "users",
        sa.column("id", sa.Integer),
        sa.column("username", sa.String),
        sa.column("username_key", sa.String),
    )
    conn = op.get_bind()
    owners: dict[str, str] = {}
    for user_id, username in conn.execute(sa.select(users.c.id, users.c.username)).all():
        key = _key(username)
        if key in owners:
            raise RuntimeError(
                f"users '{owners[key]}' and '{username}' differ only in upper and lower case, "
                "and sign-in no longer tells them apart: rename one of them, then upgrade again"
            )
        owners[key] = username
        conn.execute(users.update().where(users.c.id == user_id).values(username_key=key))
    op.create_index(op.f("ix_users_username_key"), "users", ["username_key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_users_username_key"), table_name="users")
    op.drop_column("users", "username_key")
