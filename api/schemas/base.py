"""Base classes for request and response bodies."""

from pydantic import BaseModel, ConfigDict


class RequestBody(BaseModel):
    """Incoming payloads: unknown fields are an error, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PublicModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
