"""Custom search attributes that let operators filter collaborations in the Temporal Web UI.

In the UI's workflow list: ``CollabStatus = "in_review" AND BrandId = "<uuid>"``.
"""

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest, ListSearchAttributesRequest
from temporalio.client import Client
from temporalio.common import SearchAttributeKey

COLLAB_STATUS = SearchAttributeKey.for_keyword("CollabStatus")
CAMPAIGN_ID = SearchAttributeKey.for_keyword("CampaignId")
BRAND_ID = SearchAttributeKey.for_keyword("BrandId")
CREATOR_ID = SearchAttributeKey.for_keyword("CreatorId")

ALL_KEYS = (COLLAB_STATUS, CAMPAIGN_ID, BRAND_ID, CREATOR_ID)


def dev_server_flags() -> list[str]:
    """``--search-attribute`` flags that make ``temporal server start-dev`` register them."""
    return [flag for key in ALL_KEYS for flag in ("--search-attribute", f"{key.name}=Keyword")]


async def register_search_attributes(client: Client, namespace: str) -> list[str]:
    """Add the attributes the namespace lacks; returns the names added (none when all exist)."""
    existing = await client.operator_service.list_search_attributes(ListSearchAttributesRequest(namespace=namespace))
    missing = {
        key.name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
        for key in ALL_KEYS
        if key.name not in existing.custom_attributes
    }
    if missing:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(namespace=namespace, search_attributes=missing)
        )
    return sorted(missing)
