"""One socket's queue in the hub: wake-ups coalesce, and a client that does not read is let go."""

import uuid

from api.hub import CLOSE_TOO_SLOW, QUEUE_LIMIT, Subscriber


async def test_wake_ups_before_a_read_make_one_read() -> None:
    subscriber = Subscriber(uuid.uuid4(), uuid.uuid4(), after=0)
    for _ in range(QUEUE_LIMIT * 4):
        subscriber.wake()
    for number in range(QUEUE_LIMIT - 1):
        subscriber.push({"type": "typing", "number": number})

    assert not subscriber.closed.done()


async def test_a_socket_whose_client_reads_too_slowly_is_closed() -> None:
    subscriber = Subscriber(uuid.uuid4(), uuid.uuid4(), after=0)
    for number in range(QUEUE_LIMIT):
        subscriber.push({"type": "typing", "number": number})
    assert not subscriber.closed.done()

    subscriber.push({"type": "typing", "number": QUEUE_LIMIT})

    assert subscriber.closed.result()[0] == CLOSE_TOO_SLOW
