"""channel_deliveries: message ids the WhatsApp and Twilio channels have taken.

Revision ID: 0003
Revises: 0002
Create Date: 2024-01-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_deliveries",
        sa.Column("delivery_key", sa.String(64), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_channel_deliveries_received_at", "channel_deliveries", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_channel_deliveries_received_at", table_name="channel_deliveries")
    op.drop_table("channel_deliveries")
