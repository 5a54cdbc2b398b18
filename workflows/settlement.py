"""Who gets what when a collaboration's escrow is settled: pure integer arithmetic in minor units.

The brand pays the agreed price plus the brand fee into escrow. On release the creator gets the
price less the platform fee, and the platform keeps both fees. A refund returns everything. A split
gives the creator ``creator_share_bps`` of the price (less the platform fee on that part), the
platform the fees on the part paid out, and the brand the rest. Every settlement adds up to the
escrow exactly, so nothing is left in it and nothing is overdrawn.
"""

from pydantic import BaseModel

BPS = 10_000


class Fees(BaseModel):
    """Fixed when the funding is opened, for the collaboration's whole life."""

    price: int
    brand_fee: int
    """Added to the price the brand pays."""
    platform_fee_bps: int
    """Taken from what the creator is paid."""

    @property
    def funding_amount(self) -> int:
        return self.price + self.brand_fee


class Settlement(BaseModel):
    to_creator: int
    to_platform: int
    to_brand: int

    @property
    def total(self) -> int:
        return self.to_creator + self.to_platform + self.to_brand


def fees_for(price: int, *, brand_fee_bps: int, platform_fee_bps: int) -> Fees:
    return Fees(price=price, brand_fee=price * brand_fee_bps // BPS, platform_fee_bps=platform_fee_bps)


def split(fees: Fees, creator_share_bps: int) -> Settlement:
    """Settle with the creator receiving ``creator_share_bps`` of the price (0 refunds, 10,000 releases)."""
    if not 0 <= creator_share_bps <= BPS:
        raise ValueError(f"creator_share_bps must be between 0 and {BPS}")
    gross = fees.price * creator_share_bps // BPS
    platform_fee = gross * fees.platform_fee_bps // BPS
    brand_fee_kept = fees.brand_fee * creator_share_bps // BPS
    to_creator = gross - platform_fee
    to_platform = platform_fee + brand_fee_kept
    return Settlement(
        to_creator=to_creator, to_platform=to_platform, to_brand=fees.funding_amount - to_creator - to_platform
    )


def release(fees: Fees) -> Settlement:
    return split(fees, BPS)


def refund(fees: Fees) -> Settlement:
    return split(fees, 0)
