"""Index assessments.decided_at (the report groups by week, purge filters by age).

Revision ID: 0002
Revises: 0001
Create Date: 2024-01-02
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_assessments_decided_at", "assessments", ["decided_at"])


def downgrade() -> None:
    op.drop_index("ix_assessments_decided_at", table_name="assessments")
