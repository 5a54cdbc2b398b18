"""Campaigns: brands write and move them through their lifecycle; everyone signed in discovers open ones."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from api.deps import BrandUser, CampaignDiscoveryDep, CampaignServiceDep, CurrentUser
from api.schemas.campaigns import (
    BrandCampaignPage,
    CampaignCreate,
    CampaignPage,
    CampaignPublic,
    CampaignSearch,
    CampaignUpdate,
    CampaignUpdatedPublic,
    PageQuery,
)

router = APIRouter(prefix="/campaigns", tags=["campaigns"])


@router.get("", response_model=CampaignPage)
async def search_campaigns(
    query: Annotated[CampaignSearch, Query()], _: CurrentUser, discovery: CampaignDiscoveryDep
) -> CampaignPage:
    """Open campaigns still taking applications, filtered, sorted and paginated with ``next_cursor``."""
    return await discovery.search(query)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CampaignPublic)
async def create_campaign(body: CampaignCreate, brand: BrandUser, campaigns: CampaignServiceDep) -> CampaignPublic:
    """Create a draft; publish it to open applications."""
    return await campaigns.create(brand, body)


@router.get("/mine", response_model=BrandCampaignPage)
async def my_campaigns(
    page: Annotated[PageQuery, Query()], brand: BrandUser, campaigns: CampaignServiceDep
) -> BrandCampaignPage:
    """The brand's campaigns in any status, newest first, with their application counts."""
    return await campaigns.mine(brand, page)


@router.get("/{campaign_id}", response_model=CampaignPublic)
async def read_campaign(campaign_id: uuid.UUID, user: CurrentUser, campaigns: CampaignServiceDep) -> CampaignPublic:
    return await campaigns.get(user, campaign_id)


@router.patch("/{campaign_id}", response_model=CampaignUpdatedPublic)
async def update_campaign(
    campaign_id: uuid.UUID, body: CampaignUpdate, brand: BrandUser, campaigns: CampaignServiceDep
) -> CampaignUpdatedPublic:
    """Only the fields sent change. Changing terms after creators applied bumps ``version``
    and answers ``version_bumped: true``."""
    return await campaigns.update(brand, campaign_id, body)


@router.post("/{campaign_id}/publish", response_model=CampaignPublic)
async def publish_campaign(campaign_id: uuid.UUID, brand: BrandUser, campaigns: CampaignServiceDep) -> CampaignPublic:
    """Draft → open. The application deadline must still be ahead."""
    return await campaigns.publish(brand, campaign_id)


@router.post("/{campaign_id}/pause", response_model=CampaignPublic)
async def pause_campaign(campaign_id: uuid.UUID, brand: BrandUser, campaigns: CampaignServiceDep) -> CampaignPublic:
    """Open → paused: hidden from discovery, applications on hold."""
    return await campaigns.pause(brand, campaign_id)


@router.post("/{campaign_id}/resume", response_model=CampaignPublic)
async def resume_campaign(campaign_id: uuid.UUID, brand: BrandUser, campaigns: CampaignServiceDep) -> CampaignPublic:
    """Paused → open. The application deadline must still be ahead."""
    return await campaigns.resume(brand, campaign_id)


@router.post("/{campaign_id}/close", response_model=CampaignPublic)
async def close_campaign(campaign_id: uuid.UUID, brand: BrandUser, campaigns: CampaignServiceDep) -> CampaignPublic:
    """Open or paused → closed, for good; the applications still pending are declined."""
    return await campaigns.close(brand, campaign_id)


@router.post("/{campaign_id}/archive", response_model=CampaignPublic)
async def archive_campaign(campaign_id: uuid.UUID, brand: BrandUser, campaigns: CampaignServiceDep) -> CampaignPublic:
    """Closed → archived: hidden from everyone but the brand."""
    return await campaigns.archive(brand, campaign_id)
