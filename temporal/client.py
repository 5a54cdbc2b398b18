"""The Temporal client factory: one place that knows the address, namespace and converter."""

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from core.settings import Settings


async def connect(settings: Settings, *, lazy: bool = False) -> Client:
    """Connect to Temporal with the pydantic data converter.

    ``lazy`` defers the connection to the first call, so the API starts (and reports
    not-ready) while Temporal is down.
    """
    return await Client.connect(
        settings.temporal_address or f"127.0.0.1:{settings.temporal_port}",
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        lazy=lazy,
    )
