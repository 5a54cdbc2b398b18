"""search indexes: one per discovery sort; the creator directory by country and by trigrams

Revision ID: 7591fb8cdf43
Revises: 56bad2f8ae25
Create Date: 2026-11-24 19:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7591fb8cdf43"
down_revision: str | None = "56bad2f8ae25"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# IMMUTABLE although array_to_string is only STABLE: joining varchar elements does not depend
# on any setting, and an index expression must be immutable. COST 1000 tells the planner that
# filtering rows with it is dear, so it reads the trigram index for rare words.
CREATOR_SEARCH_TEXT = """
CREATE FUNCTION creator_search_text(handle varchar, bio varchar, niches varchar[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 1000
AS $$ SELECT coalesce(handle, '') || E'\\n' || coalesce(bio, '') || E'\\n' || array_to_string(niches, ' ') $$
"""


def upgrade() -> None:
    op.drop_index("ix_campaigns_status_published_at", table_name="campaigns")
    op.create_index("ix_campaigns_status_published_at_id", "campaigns", ["status", "published_at", "id"], unique=False)
    op.create_index(
        "ix_campaigns_status_application_deadline_id",
        "campaigns",
        ["status", "application_deadline", "id"],
        unique=False,
    )
    op.create_index("ix_campaigns_status_price_max_id", "campaigns", ["status", "price_max", "id"], unique=False)
    op.create_index(
        "ix_campaigns_status_currency_price_max_id",
        "campaigns",
        ["status", "currency", "price_max", "id"],
        unique=False,
    )
    op.create_index("ix_creator_profiles_country_handle", "creator_profiles", ["country", "handle"], unique=False)
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(CREATOR_SEARCH_TEXT)
    op.execute(
        "CREATE INDEX ix_creator_profiles_search_text ON creator_profiles"
        " USING gin (creator_search_text(handle, bio, niches) gin_trgm_ops)"
    )


def downgrade() -> None:
    op.drop_index("ix_creator_profiles_search_text", table_name="creator_profiles")
    op.execute("DROP FUNCTION creator_search_text(varchar, varchar, varchar[])")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
    op.drop_index("ix_creator_profiles_country_handle", table_name="creator_profiles")
    op.drop_index("ix_campaigns_status_currency_price_max_id", table_name="campaigns")
    op.drop_index("ix_campaigns_status_price_max_id", table_name="campaigns")
    op.drop_index("ix_campaigns_status_application_deadline_id", table_name="campaigns")
    op.drop_index("ix_campaigns_status_published_at_id", table_name="campaigns")
    op.create_index("ix_campaigns_status_published_at", "campaigns", ["status", "published_at"], unique=False)
