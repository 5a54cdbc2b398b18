"""Creators' payout accounts: onboarding at the payment provider, and the sandbox's onboarding click."""

from fastapi import APIRouter

from api.deps import CreatorUser, PayoutServiceDep
from api.schemas.payouts import PayoutAccountPublic, PayoutOnboardingCreate, PayoutOnboardingPublic

router = APIRouter(tags=["payouts"])


@router.post("/me/payouts/onboarding", response_model=PayoutOnboardingPublic)
async def start_onboarding(
    creator: CreatorUser, service: PayoutServiceDep, body: PayoutOnboardingCreate | None = None
) -> PayoutOnboardingPublic:
    """Where the creator sets up payouts (their payout account is created on the first call)."""
    return await service.onboarding(creator, body or PayoutOnboardingCreate())


@router.get("/me/payouts", response_model=PayoutAccountPublic)
async def payout_account(creator: CreatorUser, service: PayoutServiceDep) -> PayoutAccountPublic:
    """Whether the creator can receive payouts now."""
    return await service.account(creator)


@router.post("/sandbox/payout-accounts/{account_id}/enable", response_model=PayoutAccountPublic)
async def enable_sandbox_payouts(
    account_id: str, creator: CreatorUser, service: PayoutServiceDep
) -> PayoutAccountPublic:
    """Finish onboarding in the sandbox (only when Stripe is not configured): payouts waiting for it follow."""
    return await service.enable_in_sandbox(creator, account_id)
