"""Creating administrators: only from the command line, never over HTTP."""

from pydantic import ValidationError

from api.schemas.auth import AdminCreate
from api.security import hash_password
from core.settings import Settings
from models.base import utcnow
from models.db import create_engine, session_factory, transaction
from models.users import Role, User, UserRepository


async def create_admin(settings: Settings, email: str, password: str) -> User:
    """Create a verified admin account; ValueError when the input is invalid or the email is taken."""
    try:
        data = AdminCreate(email=email, password=password)
    except ValidationError as exc:
        raise ValueError("; ".join(f"{error['loc'][0]}: {error['msg']}" for error in exc.errors())) from exc
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with transaction(session_factory(engine)) as session:
            users = UserRepository(session)
            if await users.get_by_email(data.email):
                raise ValueError(f"{data.email} is already registered")
            admin = User(
                email=data.email.lower(),
                password_hash=await hash_password(data.password),
                role=Role.admin,
                email_verified_at=utcnow(),
            )
            return await users.add(admin)
    finally:
        await engine.dispose()
