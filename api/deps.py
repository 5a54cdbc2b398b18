"""Dependencies: resources, the request's transaction, services and who is calling.

Every provider is ``async def``: FastAPI runs a plain ``def`` dependency in its thread pool, a
thread hop per provider on every request, which cost about a tenth of a search's CPU."""

from collections.abc import AsyncIterator
from typing import Annotated

import stripe
from fastapi import BackgroundTasks, Depends, Header, Request, WebSocket, WebSocketException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.requests import HTTPConnection

from api.errors import DomainError, Forbidden, NotFound, Unauthorized
from api.hub import CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED
from api.resources import Resources
from api.services.applicants import PendingApplicants
from api.services.auth import AuthService, Client
from api.services.campaigns import CampaignDiscovery, CampaignService
from api.services.collaborations import CollaborationService
from api.services.creators import CreatorService
from api.services.deliveries import DeliveryService
from api.services.files import LocalFileService
from api.services.ledger import LedgerService
from api.services.message_attachments import MessageAttachmentService
from api.services.messages import MessageService
from api.services.notification_preferences import NotificationPreferenceService
from api.services.notifications import NotificationService
from api.services.payouts import PayoutService
from api.services.realtime import RealtimeService, SocketCaller
from api.services.uploads import UploadService
from api.services.users import UserService
from api.services.webhooks import WebhookService
from api.unit_of_work import unit_of_work
from core.payments.stripe_gateway import StripeGateway
from core.settings import Settings
from core.unsubscribe import UnsubscribeTokens
from models.auth import AuthSession
from models.users import Role, User


async def get_resources(connection: HTTPConnection) -> Resources:
    resources: Resources = connection.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_settings(resources: ResourcesDep) -> Settings:
    return resources.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_session(resources: ResourcesDep, background: BackgroundTasks) -> AsyncIterator[AsyncSession]:
    async with unit_of_work(resources.session_factory, background) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_read_session(resources: ResourcesDep) -> AsyncIterator[AsyncSession]:
    """A session that only reads, outside any transaction (see ``models.db.create_read_engine``).
    What it loads is for looking at: nothing it returns is written back."""
    async with resources.read_session_factory() as session:
        yield session


ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session, scope="function")]


async def get_client(request: Request) -> Client:
    ip = request.client.host if request.client else "unknown"
    return Client(ip=ip, user_agent=request.headers.get("user-agent"))


ClientDep = Annotated[Client, Depends(get_client)]


def _auth_service(session: AsyncSession, resources: Resources) -> AuthService:
    return AuthService(
        session,
        resources.settings,
        resources.sender,
        resources.codec,
        resources.limiter,
        resources.callers,
        resources.fanout,
    )


async def get_auth_service(session: SessionDep, resources: ResourcesDep) -> AuthService:
    return _auth_service(session, resources)


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


async def get_user_service(session: SessionDep) -> UserService:
    return UserService(session)


UserServiceDep = Annotated[UserService, Depends(get_user_service)]

_bearer = HTTPBearer(auto_error=False, description="The access token from /api/v1/auth/login.")


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def get_current_session(auth: AuthServiceDep, credentials: BearerDep) -> tuple[User, AuthSession]:
    """The caller and their session, loaded in the request's transaction: for routes that change
    either (sign out, change the password)."""
    if credentials is None:
        raise Unauthorized()
    return await auth.authenticate(credentials.credentials)


CurrentSessionDep = Annotated[tuple[User, AuthSession], Depends(get_current_session)]


async def get_current_user(session: ReadSessionDep, resources: ResourcesDep, credentials: BearerDep) -> User:
    """Who is calling, as checked on the read session (one statement, no transaction) at most
    a few seconds ago (``api.callers``). The user is an identity to look at; changes to the
    account go through ``CurrentSessionDep``."""
    if credentials is None:
        raise Unauthorized()
    return await _auth_service(session, resources).identify(credentials.credentials)


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: Role) -> object:
    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            who = " and ".join(str(role) for role in roles)
            raise Forbidden(f"Only {who} accounts can do this.", code="wrong_role")
        return user

    return Depends(check)


BrandUser = Annotated[User, require_role(Role.brand)]
CreatorUser = Annotated[User, require_role(Role.creator)]
AdminUser = Annotated[User, require_role(Role.admin)]
BrandOrAdminUser = Annotated[User, require_role(Role.brand, Role.admin)]


async def get_campaign_service(session: SessionDep, resources: ResourcesDep) -> CampaignService:
    return CampaignService(session, PendingApplicants(session, resources.temporal))


CampaignServiceDep = Annotated[CampaignService, Depends(get_campaign_service)]


async def get_campaign_discovery(session: ReadSessionDep, resources: ResourcesDep) -> CampaignDiscovery:
    return CampaignDiscovery(session, resources.ranked)


CampaignDiscoveryDep = Annotated[CampaignDiscovery, Depends(get_campaign_discovery)]


async def get_creator_service(session: ReadSessionDep) -> CreatorService:
    return CreatorService(session)


CreatorServiceDep = Annotated[CreatorService, Depends(get_creator_service)]


async def get_collaboration_service(session: SessionDep, resources: ResourcesDep) -> CollaborationService:
    return CollaborationService(session, resources.temporal, resources.settings, resources.gateway)


CollaborationServiceDep = Annotated[CollaborationService, Depends(get_collaboration_service)]


async def get_ledger_service(session: SessionDep) -> LedgerService:
    return LedgerService(session)


LedgerServiceDep = Annotated[LedgerService, Depends(get_ledger_service)]


async def get_payout_service(session: SessionDep, resources: ResourcesDep) -> PayoutService:
    return PayoutService(session, resources.gateway, resources.temporal, resources.settings)


PayoutServiceDep = Annotated[PayoutService, Depends(get_payout_service)]


async def get_stripe_event(
    request: Request,
    settings: SettingsDep,
    stripe_signature: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> stripe.Event:
    """The webhook's event, once its ``Stripe-Signature`` proves Stripe sent it (400 otherwise)."""
    secret = settings.stripe_webhook_secret.get_secret_value()
    if not secret:
        raise NotFound("Stripe webhooks are not configured here.", code="stripe_disabled")
    try:
        event: stripe.Event = stripe.Webhook.construct_event(await request.body(), stripe_signature, secret)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise DomainError("The Stripe-Signature does not match this payload.", code="invalid_signature") from error
    return event


StripeEventDep = Annotated[stripe.Event, Depends(get_stripe_event)]


async def get_webhook_service(
    session: SessionDep, resources: ResourcesDep, payouts: PayoutServiceDep
) -> WebhookService:
    if not isinstance(resources.gateway, StripeGateway):
        raise NotFound("Stripe is not configured here.", code="stripe_disabled")
    return WebhookService(session, resources.gateway, resources.temporal, resources.settings, payouts)


WebhookServiceDep = Annotated[WebhookService, Depends(get_webhook_service)]


async def get_upload_service(
    session: SessionDep, resources: ResourcesDep, collaborations: CollaborationServiceDep
) -> UploadService:
    return UploadService(session, resources.storage, resources.settings, collaborations)


UploadServiceDep = Annotated[UploadService, Depends(get_upload_service)]


async def get_delivery_service(
    session: SessionDep, resources: ResourcesDep, collaborations: CollaborationServiceDep
) -> DeliveryService:
    return DeliveryService(session, resources.storage, collaborations)


DeliveryServiceDep = Annotated[DeliveryService, Depends(get_delivery_service)]


async def get_local_files(resources: ResourcesDep) -> LocalFileService:
    return LocalFileService(resources.storage)


LocalFilesDep = Annotated[LocalFileService, Depends(get_local_files)]


def _notification_service(session: AsyncSession, resources: Resources) -> NotificationService:
    return NotificationService(session, resources.fanout)


async def get_notification_service(session: SessionDep, resources: ResourcesDep) -> NotificationService:
    return _notification_service(session, resources)


NotificationServiceDep = Annotated[NotificationService, Depends(get_notification_service)]


async def get_notification_reader(session: ReadSessionDep, resources: ResourcesDep) -> NotificationService:
    """For what only reads notifications: on the read session, outside any transaction."""
    return _notification_service(session, resources)


NotificationReaderDep = Annotated[NotificationService, Depends(get_notification_reader)]


async def get_notification_preference_service(
    session: SessionDep, settings: SettingsDep
) -> NotificationPreferenceService:
    return NotificationPreferenceService(session, UnsubscribeTokens(settings.secret_key.get_secret_value()))


NotificationPreferenceServiceDep = Annotated[
    NotificationPreferenceService, Depends(get_notification_preference_service)
]


def _message_service(session: AsyncSession, resources: Resources) -> MessageService:
    return MessageService(
        session, resources.settings, resources.limiter, resources.fanout, _notification_service(session, resources)
    )


async def get_message_service(session: SessionDep, resources: ResourcesDep) -> MessageService:
    return _message_service(session, resources)


MessageServiceDep = Annotated[MessageService, Depends(get_message_service)]


async def get_message_reader(session: ReadSessionDep, resources: ResourcesDep) -> MessageService:
    """For what only reads threads and messages: on the read session, outside any transaction."""
    return _message_service(session, resources)


MessageReaderDep = Annotated[MessageService, Depends(get_message_reader)]


async def get_message_attachment_service(
    session: SessionDep, resources: ResourcesDep, messages: MessageServiceDep
) -> MessageAttachmentService:
    return MessageAttachmentService(session, resources.storage, resources.settings, messages)


MessageAttachmentServiceDep = Annotated[MessageAttachmentService, Depends(get_message_attachment_service)]

SOCKET_SUBPROTOCOL = "collabmarket.v1"
SOCKET_TOKEN_PREFIX = "bearer."  # noqa: S105 - a prefix, not a secret
"""A WebSocket's client offers the subprotocols ``collabmarket.v1`` and ``bearer.<access token>``:
browsers cannot set an Authorization header on a WebSocket, and a token in the URL would be logged."""


async def get_socket_caller(websocket: WebSocket, resources: ResourcesDep) -> SocketCaller:
    """Accept the WebSocket, then check the access token its client offered as a subprotocol; a socket
    without a valid one is closed with 4401 (4403 for a suspended account), not refused with a 403, so
    clients can tell why. The check takes a read connection for one statement: a socket holds none."""
    offered: list[str] = websocket.scope.get("subprotocols", [])
    await websocket.accept(subprotocol=SOCKET_SUBPROTOCOL if SOCKET_SUBPROTOCOL in offered else None)
    token = next(
        (item.removeprefix(SOCKET_TOKEN_PREFIX) for item in offered if item.startswith(SOCKET_TOKEN_PREFIX)), ""
    )
    claims = resources.codec.read(token)
    if claims is None:
        raise WebSocketException(CLOSE_UNAUTHORIZED, "A valid access token is required.")
    try:
        async with resources.read_session_factory() as session:
            user = await _auth_service(session, resources).identify(token)
    except Unauthorized as exc:
        raise WebSocketException(CLOSE_UNAUTHORIZED, exc.message) from exc
    except Forbidden as exc:
        raise WebSocketException(CLOSE_FORBIDDEN, exc.message) from exc
    return SocketCaller(user, claims.session_id, claims.expires_at)


SocketCallerDep = Annotated[SocketCaller, Depends(get_socket_caller)]


async def get_realtime_service(resources: ResourcesDep) -> RealtimeService:
    return RealtimeService(
        resources.hub,
        resources.session_factory,
        resources.read_session_factory,
        lambda session: _message_service(session, resources),
    )


RealtimeServiceDep = Annotated[RealtimeService, Depends(get_realtime_service)]
