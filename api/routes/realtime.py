"""The WebSocket of real-time events: ``/api/v1/ws``. See README, "Messaging", for the protocol."""

from fastapi import APIRouter, WebSocket

from api.deps import RealtimeServiceDep, SocketCallerDep

router = APIRouter(tags=["messages"])


@router.websocket("/ws")
async def events(websocket: WebSocket, caller: SocketCallerDep, realtime: RealtimeServiceDep) -> None:
    """Offer the subprotocols ``collabmarket.v1`` and ``bearer.<access token>``; ``?after=<message id>``
    (or a ``resume`` frame) catches up from the last message the client saw."""
    await realtime.serve(websocket, caller, websocket.query_params.get("after"))
