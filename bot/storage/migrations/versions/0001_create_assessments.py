"""Create the assessments table.

Revision ID: 0001
Revises:
Create Date: 2024-01-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_key", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("pain_side", sa.String(16)),
        sa.Column("pain_one_sided", sa.Boolean),
        sa.Column("forward_bend_relief", sa.Boolean),
        sa.Column("leg_numbness_below_knee", sa.Boolean),
        sa.Column("red_flags", sa.JSON, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("channel", sa.String(64)),
        sa.Column("language", sa.String(16)),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booking_shown", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("conversation_key", name="uq_assessments_conversation_key"),
    )


def downgrade() -> None:
    op.drop_table("assessments")
