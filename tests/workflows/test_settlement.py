import pytest

from workflows.settlement import fees_for, refund, release, split


def test_release_pays_the_price_less_the_platform_fee() -> None:
    fees = fees_for(50_000, brand_fee_bps=500, platform_fee_bps=1000)
    assert fees.funding_amount == 52_500
    assert release(fees).model_dump() == {"to_creator": 45_000, "to_platform": 7_500, "to_brand": 0}


def test_refund_returns_everything_the_brand_paid() -> None:
    fees = fees_for(50_000, brand_fee_bps=500, platform_fee_bps=1000)
    assert refund(fees).model_dump() == {"to_creator": 0, "to_platform": 0, "to_brand": 52_500}


@pytest.mark.parametrize("price", [1, 99, 333, 50_001, 123_457])
@pytest.mark.parametrize("share", [0, 1, 3333, 5000, 9999, 10_000])
def test_every_split_adds_up_to_the_escrow_and_is_never_negative(price: int, share: int) -> None:
    fees = fees_for(price, brand_fee_bps=250, platform_fee_bps=1000)
    settlement = split(fees, share)
    assert settlement.total == fees.funding_amount
    assert min(settlement.to_creator, settlement.to_platform, settlement.to_brand) >= 0


def test_a_share_outside_0_to_100_percent_is_refused() -> None:
    with pytest.raises(ValueError, match="creator_share_bps"):
        split(fees_for(100, brand_fee_bps=0, platform_fee_bps=1000), 10_001)
