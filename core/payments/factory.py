"""Which payment gateway this process uses: chosen once, from the settings; whoever builds it closes
it (``aclose``) when the process stops."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from core.payments.gateway import PaymentGateway
from core.payments.sandbox import SandboxGateway
from core.payments.stripe_gateway import StripeGateway
from core.settings import Settings


def build_gateway(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> PaymentGateway:
    """Stripe when its secret key is set, else the sandbox (no keys needed): the embedded default."""
    if settings.stripe_enabled:
        return StripeGateway(settings.stripe_secret_key.get_secret_value(), api_base=settings.stripe_api_base)
    lifetime = timedelta(hours=settings.sandbox_funding_lifetime_hours)
    return SandboxGateway(sessions, settings.public_url, funding_lifetime=lifetime)
