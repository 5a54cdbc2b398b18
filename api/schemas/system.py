from datetime import datetime
from typing import Literal

from api.schemas.base import PublicModel


class HealthPublic(PublicModel):
    status: Literal["ok"] = "ok"


class ReadinessPublic(PublicModel):
    status: Literal["ready", "unavailable"]
    database: bool
    temporal: bool


class OutboxMessagePublic(PublicModel):
    id: str
    to: str
    subject: str
    text: str
    created_at: datetime
