"""a started audit can be released: kept for the record beside its visit's fresh audit

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UNRELEASED = sa.text("status != 'released'")


def upgrade() -> None:
    # On SQLite batch mode copies the audits table and drops the old one, which answers,
    # photos and questions point to: Database.upgrade checks foreign keys at the end instead.
    with op.batch_alter_table("audits", schema=None) as batch_op:
        batch_op.drop_constraint("uq_audits_visit_id", type_="unique")
    op.create_index(
        "uq_audits_visit_unreleased",
        "audits",
        ["visit_id"],
        unique=True,
        sqlite_where=UNRELEASED,
        postgresql_where=UNRELEASED,
    )


def downgrade() -> None:
    released = op.get_bind().scalar(sa.text("SELECT count(*) FROM audits WHERE status = 'released'"))
    if released:
        raise RuntimeError(
            f"{released} released audits share their visit with another audit; the old "
            "schema allows one audit a visit: delete the released ones first"
        )
    op.drop_index("uq_audits_visit_unreleased", table_name="audits")
    with op.batch_alter_table("audits", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_audits_visit_id", ["visit_id"])
