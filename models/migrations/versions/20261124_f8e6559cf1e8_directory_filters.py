"""directory filters: search text as a column; platform accounts and base rates as rows

Revision ID: f8e6559cf1e8
Revises: 047a26fe2287
Create Date: 2026-11-24 23:08:26.952405

The creator directory's filters, shaped so PostgreSQL can estimate them (``models.creators``):
the text filter reads a generated lower-case column instead of calling a function per row, and
each element of the ``platforms`` and ``base_rates`` JSONB arrays is copied into a table of its
own by a trigger, with indexes and extended statistics on the pairs brands filter by.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "f8e6559cf1e8"
down_revision: str | None = "047a26fe2287"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Runs for every insert and for updates that change the arrays, COPY included: the copies can
# never fall behind the profile, whichever code wrote it.
COPY_ARRAYS = """
CREATE FUNCTION creator_profiles_copy_arrays() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM creator_platform_accounts WHERE user_id = NEW.user_id;
    INSERT INTO creator_platform_accounts (user_id, platform, followers)
        SELECT NEW.user_id, account.platform, account.followers
        FROM jsonb_to_recordset(NEW.platforms) AS account(platform text, followers bigint);
    DELETE FROM creator_base_rates WHERE user_id = NEW.user_id;
    INSERT INTO creator_base_rates (user_id, currency, amount)
        SELECT NEW.user_id, rate.currency, rate.amount
        FROM jsonb_to_recordset(NEW.base_rates) AS rate(currency text, amount bigint);
    RETURN NULL;
END
$$
"""
TRIGGER = """
CREATE TRIGGER creator_profiles_copy_arrays
AFTER INSERT OR UPDATE OF platforms, base_rates ON creator_profiles
FOR EACH ROW EXECUTE FUNCTION creator_profiles_copy_arrays()
"""


def upgrade() -> None:
    op.create_table(
        "creator_platform_accounts",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["creator_profiles.user_id"],
            name=op.f("fk_creator_platform_accounts_user_id_creator_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creator_platform_accounts")),
    )
    op.create_index(op.f("ix_creator_platform_accounts_user_id"), "creator_platform_accounts", ["user_id"])
    op.create_index(op.f("ix_creator_platform_accounts_followers"), "creator_platform_accounts", ["followers"])
    op.create_index(
        "ix_creator_platform_accounts_platform_followers", "creator_platform_accounts", ["platform", "followers"]
    )
    op.create_table(
        "creator_base_rates",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["creator_profiles.user_id"],
            name=op.f("fk_creator_base_rates_user_id_creator_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creator_base_rates")),
    )
    op.create_index(op.f("ix_creator_base_rates_user_id"), "creator_base_rates", ["user_id"])
    op.create_index("ix_creator_base_rates_currency_amount", "creator_base_rates", ["currency", "amount"])
    # Followers depend on the platform and amounts on the currency: without these, PostgreSQL
    # multiplies the two selectivities and expects hundreds of creators under 50 SEK (there are
    # none), then walks the whole directory looking for them. A thousand most common pairs
    # cover the round amounts creators ask for.
    for name, table, pair in (
        ("creator_platform_accounts_pairs", "creator_platform_accounts", "platform, followers"),
        ("creator_base_rates_pairs", "creator_base_rates", "currency, amount"),
    ):
        op.execute(f"CREATE STATISTICS {name} (mcv) ON {pair} FROM {table}")
        op.execute(f"ALTER STATISTICS {name} SET STATISTICS 1000")
    op.execute(COPY_ARRAYS)
    op.execute(TRIGGER)
    op.execute("UPDATE creator_profiles SET platforms = platforms")  # fills the copies for existing profiles

    op.add_column(
        "creator_profiles",
        sa.Column(
            "search_text",
            sa.Text(),
            sa.Computed("lower(creator_search_text(handle, bio, niches))", persisted=True),
            nullable=True,
        ),
    )
    op.drop_index("ix_creator_profiles_search_text", table_name="creator_profiles")
    op.create_index(
        "ix_creator_profiles_search_text",
        "creator_profiles",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.create_index("ix_users_not_active", "users", ["id"], postgresql_where=sa.text("status <> 'active'"))
    op.execute("ANALYZE creator_profiles, creator_platform_accounts, creator_base_rates")


def downgrade() -> None:
    op.drop_index("ix_users_not_active", table_name="users")
    op.drop_index("ix_creator_profiles_search_text", table_name="creator_profiles")
    op.execute(
        "CREATE INDEX ix_creator_profiles_search_text ON creator_profiles"
        " USING gin (creator_search_text(handle, bio, niches) gin_trgm_ops)"
    )
    op.drop_column("creator_profiles", "search_text")
    op.execute("DROP TRIGGER creator_profiles_copy_arrays ON creator_profiles")
    op.execute("DROP FUNCTION creator_profiles_copy_arrays()")
    op.drop_table("creator_base_rates")
    op.drop_table("creator_platform_accounts")
