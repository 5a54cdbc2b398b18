from typing import Annotated, Literal

from pydantic import EmailStr, Field

from api.schemas.base import PublicModel, RequestBody

Password = Annotated[str, Field(min_length=10, max_length=128)]
Token = Annotated[str, Field(min_length=16, max_length=256)]


class RegisterRequest(RequestBody):
    email: EmailStr = Field(max_length=320)
    password: Password
    role: Literal["brand", "creator"]


class LoginRequest(RequestBody):
    email: EmailStr = Field(max_length=320)
    password: Annotated[str, Field(min_length=1, max_length=128)]


class RefreshRequest(RequestBody):
    refresh_token: Token | None = None
    """Optional: the web app sends the httpOnly cookie instead."""


class TokenRequest(RequestBody):
    token: Token


class ForgotPasswordRequest(RequestBody):
    email: EmailStr = Field(max_length=320)


class ResetPasswordRequest(RequestBody):
    token: Token
    new_password: Password


class ChangePasswordRequest(RequestBody):
    current_password: Annotated[str, Field(min_length=1, max_length=128)]
    new_password: Password


class TokenPair(PublicModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int
    """Seconds until the access token expires."""
    refresh_token: str


class ProvidersPublic(PublicModel):
    google: bool


class AdminCreate(RequestBody):
    email: EmailStr = Field(max_length=320)
    password: Password
