"""Which payment gateway this process uses: chosen once, from the settings."""

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from core.payments.gateway import PaymentGateway
from core.payments.sandbox import SandboxGateway
from core.settings import Settings


def build_gateway(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> PaymentGateway:
    """The sandbox (no keys needed): the embedded default."""
    return SandboxGateway(sessions, settings.public_url)
