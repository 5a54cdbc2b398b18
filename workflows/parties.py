"""The two sides of a collaboration, and the input every user action carries."""

import uuid
from typing import Literal

from pydantic import BaseModel

Party = Literal["brand", "creator"]


def other(party: Party) -> Party:
    return "creator" if party == "brand" else "brand"


class ActorInput(BaseModel):
    """Who asks: the workflow decides from this id which party they are, if any."""

    actor_id: uuid.UUID
