"""The pure parts of bench.realtime: who sends and who should receive, matching what arrived against what
was sent (latency, loss, duplicates, misdelivery), the search for the highest sustained rate, and the
open-file limit."""

import resource

from bench.realtime import (
    Deliveries,
    FanoutResult,
    RateSearch,
    SocketId,
    fd_limit_target,
    meets,
    sender_of,
    socket_plan,
)


def sent_at_zero(deliveries: Deliveries, seq: int, pair: int = 0) -> None:
    deliveries.sending(seq, pair, "creator", at=0.0)


def test_every_party_of_every_pair_gets_its_tabs() -> None:
    plan = socket_plan(pairs=2, tabs=2)
    assert [(s.index, s.pair, s.party) for s in plan[:4]] == [
        (0, 0, "creator"),
        (1, 0, "creator"),
        (2, 0, "brand"),
        (3, 0, "brand"),
    ]
    assert len(plan) == 8 and plan[-1] == SocketId(7, 1, "brand")


def test_messages_go_round_the_threads_from_the_creator_then_the_brand() -> None:
    assert [sender_of(seq, pairs=3) for seq in range(7)] == [
        (0, "creator"),
        (1, "creator"),
        (2, "creator"),
        (0, "brand"),
        (1, "brand"),
        (2, "brand"),
        (0, "creator"),
    ]


def test_a_delivery_is_timed_from_the_send_and_counted_for_the_other_party_or_the_sender() -> None:
    deliveries = Deliveries(marker="bench-a", expected=2)
    sent_at_zero(deliveries, 7)
    deliveries.receive(SocketId(1, 0, "brand"), deliveries.body(7), at=0.012)
    deliveries.receive(SocketId(0, 0, "creator"), deliveries.body(7), at=0.010)
    assert [round(ms, 3) for ms in deliveries.to_other_ms] == [12.0]
    assert [round(ms, 3) for ms in deliveries.to_own_ms] == [10.0]
    assert deliveries.missing == 0 and deliveries.delivered_messages == 1


def test_a_message_received_twice_on_one_socket_is_a_duplicate() -> None:
    deliveries = Deliveries(marker="bench-a", expected=2)
    sent_at_zero(deliveries, 1)
    for _ in range(2):
        deliveries.receive(SocketId(1, 0, "brand"), deliveries.body(1), at=0.01)
    assert (deliveries.duplicates, deliveries.received[1], deliveries.missing) == (1, 1, 1)


def test_a_message_on_a_socket_of_another_thread_is_misdelivered() -> None:
    deliveries = Deliveries(marker="bench-a", expected=2)
    sent_at_zero(deliveries, 1, pair=0)
    deliveries.receive(SocketId(2, 1, "creator"), deliveries.body(1), at=0.01)
    assert (deliveries.misdelivered, deliveries.missing, deliveries.to_other_ms) == (1, 2, [])


def test_messages_of_other_steps_and_of_people_are_ignored() -> None:
    deliveries = Deliveries(marker="bench-b", expected=2)
    sent_at_zero(deliveries, 1)
    earlier = Deliveries(marker="bench-a", expected=2)
    for body in (earlier.body(1), "bench-b", "bench-b x hello", "hello bench-b 1", ""):
        deliveries.receive(SocketId(0, 0, "creator"), body, at=0.01)
    assert deliveries.received[1] == 0 and deliveries.duplicates == deliveries.misdelivered == 0


def test_a_step_is_complete_when_every_socket_has_every_message_and_every_send_is_answered() -> None:
    deliveries = Deliveries(marker="bench-a", expected=2)
    sent_at_zero(deliveries, 0)
    deliveries.receive(SocketId(0, 0, "creator"), deliveries.body(0), at=0.01)
    deliveries.receive(SocketId(1, 0, "brand"), deliveries.body(0), at=0.01)
    assert not deliveries.complete
    deliveries.answered(0, at=0.008)
    assert deliveries.complete and deliveries.send_ms == [8.0]
    assert deliveries.sockets_per_message() == (2.0, 2, 2)


def test_a_refused_send_counts_its_deliveries_as_missing() -> None:
    deliveries = Deliveries(marker="bench-a", expected=2)
    sent_at_zero(deliveries, 0)
    deliveries.refused(0, "rate_limited: slow down", rate_limited=True)
    assert (deliveries.send_errors, deliveries.missing, deliveries.rate_limited) == (1, 2, True)
    assert deliveries.error_samples == ["rate_limited: slow down"]


def fanout(p95_ms: float, *, offered: float = 100.0, delivered: float = 100.0, missing: int = 0) -> FanoutResult:
    return FanoutResult(
        "x", 1000, 100, [p95_ms] * 100, offered_rate=offered, delivered_per_s=delivered, missing=missing
    )


def test_a_rate_is_sustained_within_the_target_with_nothing_lost_and_deliveries_keeping_up() -> None:
    assert meets(fanout(99.0), 100.0)
    assert not meets(fanout(101.0), 100.0)
    assert not meets(fanout(10.0, missing=1), 100.0)
    assert not meets(fanout(10.0, delivered=90.0), 100.0)


def test_the_search_doubles_until_a_rate_fails_then_narrows_the_gap() -> None:
    search = RateSearch(25, bisect=2, ceiling=4000)
    tried = []
    outcomes = {25: True, 50: True, 100: False, 75: True, 88: False}
    while (rate := search.next()) is not None:
        tried.append(rate)
        search.report(rate, outcomes[int(rate)])
    assert tried == [25, 50, 100, 75, 88]
    assert (search.best, search.failed) == (75, 88)


def test_the_search_halves_when_the_first_rate_fails_and_stops_at_the_ceiling() -> None:
    search = RateSearch(100, bisect=1, ceiling=4000)
    search.report(100, ok=False)
    assert search.next() == 50
    rising = RateSearch(1000, bisect=1, ceiling=1500)
    rising.report(1000, ok=True)
    assert rising.next() is None and rising.best == 1000


def test_the_open_file_limit_is_raised_to_the_hard_limit_or_refused() -> None:
    assert fd_limit_target(1024, 20000, 1200) == 20000
    assert fd_limit_target(20000, 20000, 1200) == 20000
    assert fd_limit_target(1024, 1024, 2200) is None
    assert fd_limit_target(1024, resource.RLIM_INFINITY, 2200) == 2200
