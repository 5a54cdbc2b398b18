"""Password hashing, access tokens and opaque random tokens."""

import asyncio
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from models.base import utcnow

ALGORITHM = "HS256"
# OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane): ~30 ms a hash here,
# against ~150 ms for the library default (64 MiB, 3 passes, 4 lanes) that capped sign-ins
# at ~8 a second on two cores. Each hash records its parameters, so old hashes still verify.
_password_hash = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19456, parallelism=1),))
# Verifying against this when an account does not exist keeps the timing of
# "unknown email" and "wrong password" the same.
_DUMMY_HASH = _password_hash.hash(secrets.token_urlsafe(16))


async def hash_password(password: str) -> str:
    """Argon2id costs ~100 ms of CPU by design: it runs in a thread, off the event loop."""
    return await asyncio.to_thread(_password_hash.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    matches = await asyncio.to_thread(_password_hash.verify, password, password_hash or _DUMMY_HASH)
    return matches and password_hash is not None


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    role: str
    expires_at: datetime


class TokenCodec:
    """Signs and reads short-lived access JWTs."""

    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self.secret, self.lifetime = secret, lifetime

    def issue(self, user_id: uuid.UUID, session_id: uuid.UUID, role: str) -> tuple[str, datetime]:
        now = utcnow()
        expires_at = now + self.lifetime
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "role": role,
            "iat": now,
            "exp": expires_at,
            "typ": "access",
        }
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM), expires_at

    def read(self, token: str) -> AccessClaims | None:
        """The claims of a valid, unexpired access token; None for anything else."""
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "sid"]})
            if claims.get("typ") != "access":
                return None
            return AccessClaims(
                user_id=uuid.UUID(claims["sub"]),
                session_id=uuid.UUID(claims["sid"]),
                role=str(claims.get("role", "")),
                expires_at=datetime.fromtimestamp(claims["exp"]).astimezone(),
            )
        except (jwt.PyJWTError, ValueError, KeyError):
            return None
