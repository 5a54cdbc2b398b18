"""Dependencies: resources, the request's transaction, services and who is calling."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import Forbidden, Unauthorized
from api.resources import Resources
from api.services.applicants import PendingApplicants
from api.services.auth import AuthService, Client
from api.services.campaigns import CampaignService
from api.services.collaborations import CollaborationService
from api.services.creators import CreatorService
from api.services.ledger import LedgerService
from api.services.users import UserService
from api.unit_of_work import unit_of_work
from core.settings import Settings
from models.auth import AuthSession
from models.users import Role, User


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


def get_settings(resources: ResourcesDep) -> Settings:
    return resources.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_session(resources: ResourcesDep, background: BackgroundTasks) -> AsyncIterator[AsyncSession]:
    async with unit_of_work(resources.session_factory, background) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def get_client(request: Request) -> Client:
    ip = request.client.host if request.client else "unknown"
    return Client(ip=ip, user_agent=request.headers.get("user-agent"))


ClientDep = Annotated[Client, Depends(get_client)]


def get_auth_service(session: SessionDep, resources: ResourcesDep) -> AuthService:
    return AuthService(session, resources.settings, resources.sender, resources.codec, resources.limiter)


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


def get_user_service(session: SessionDep) -> UserService:
    return UserService(session)


UserServiceDep = Annotated[UserService, Depends(get_user_service)]

_bearer = HTTPBearer(auto_error=False, description="The access token from /api/v1/auth/login.")


async def get_current_session(
    auth: AuthServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> tuple[User, AuthSession]:
    if credentials is None:
        raise Unauthorized()
    return await auth.authenticate(credentials.credentials)


CurrentSessionDep = Annotated[tuple[User, AuthSession], Depends(get_current_session)]


def get_current_user(current: CurrentSessionDep) -> User:
    return current[0]


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: Role) -> object:
    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            who = " and ".join(str(role) for role in roles)
            raise Forbidden(f"Only {who} accounts can do this.", code="wrong_role")
        return user

    return Depends(check)


BrandUser = Annotated[User, require_role(Role.brand)]
CreatorUser = Annotated[User, require_role(Role.creator)]
AdminUser = Annotated[User, require_role(Role.admin)]
BrandOrAdminUser = Annotated[User, require_role(Role.brand, Role.admin)]


def get_campaign_service(session: SessionDep, resources: ResourcesDep) -> CampaignService:
    return CampaignService(session, PendingApplicants(session, resources.temporal))


CampaignServiceDep = Annotated[CampaignService, Depends(get_campaign_service)]


def get_creator_service(session: SessionDep) -> CreatorService:
    return CreatorService(session)


CreatorServiceDep = Annotated[CreatorService, Depends(get_creator_service)]


def get_collaboration_service(session: SessionDep, resources: ResourcesDep) -> CollaborationService:
    return CollaborationService(session, resources.temporal, resources.settings, resources.gateway)


CollaborationServiceDep = Annotated[CollaborationService, Depends(get_collaboration_service)]


def get_ledger_service(session: SessionDep) -> LedgerService:
    return LedgerService(session)


LedgerServiceDep = Annotated[LedgerService, Depends(get_ledger_service)]
