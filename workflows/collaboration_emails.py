"""The emails the collaboration workflow sends at each transition: pure functions, safe in workflow code."""

from collections.abc import Mapping
from html import escape

from activities.notifications import SendEmailInput
from core.money import format_money
from workflows.collaboration_models import CollabEvent, CollaborationStart, CollaborationState, Party

# (subject, first paragraph); placeholders: {title}, {price}, {by}, and the event's data.
_MESSAGES: dict[CollabEvent, tuple[str, str]] = {
    CollabEvent.applied: ("New application to {title}", "A creator applied to “{title}”, asking {price}."),
    CollabEvent.countered: ("Counter-offer on {title}", "The {by} made a counter-offer of {price} for “{title}”."),
    CollabEvent.accepted: ("Application accepted: {title}", "The application to “{title}” was accepted at {price}."),
    CollabEvent.counter_accepted: (
        "Counter-offer accepted: {title}",
        "The counter-offer of {price} for “{title}” was accepted.",
    ),
    CollabEvent.rejected: ("Application rejected: {title}", "The application to “{title}” was rejected."),
    CollabEvent.counter_declined: (
        "Counter-offer declined: {title}",
        "The counter-offer of {price} for “{title}” was declined; the application is closed.",
    ),
    CollabEvent.withdrawn: ("Application withdrawn: {title}", "The creator withdrew the application to “{title}”."),
    CollabEvent.expired: (
        "Application expired: {title}",
        "No decision was made on the application to “{title}” in time, so it has expired.",
    ),
    CollabEvent.campaign_closed: (
        "Application declined: {title}",
        "The application to “{title}” was declined because the campaign no longer takes applications.",
    ),
    CollabEvent.terms_changed: (
        "The terms of {title} changed",
        "The brand changed the terms of “{title}” ({terms}); your application now stands on version {version} "
        "of the campaign. Review the campaign, and withdraw your application if the new terms do not suit you.",
    ),
}


def recipients(event: CollabEvent, state: CollaborationState) -> list[Party]:
    """The brand learns of an application; a counter-offer goes to the side that must answer it;
    every decision goes to both."""
    if event is CollabEvent.applied:
        return ["brand"]
    if event is CollabEvent.terms_changed:
        return ["creator"]
    if event is CollabEvent.countered:
        return ["creator" if state.pending_offer_by == "brand" else "brand"]
    return ["brand", "creator"]


def transition_emails(
    start: CollaborationStart,
    state: CollaborationState,
    event: CollabEvent,
    data: Mapping[str, str | int | None],
    *,
    workflow_id: str,
) -> list[SendEmailInput]:
    """One email per recipient, keyed ``<workflow id>:<seq>:<role>`` so a retry sends it once."""
    subject, opening = _MESSAGES[event]
    values = {
        **data,
        "title": " ".join(start.campaign_title.split()),
        "price": format_money(state.price, state.currency),
        "by": state.pending_offer_by,
    }
    paragraphs = [opening.format(**values)]
    if event is CollabEvent.countered and state.offers[-1].message:
        paragraphs.append(f"Their message: {state.offers[-1].message}")
    if state.reason:
        paragraphs.append(f"Reason: {state.reason}")
    paragraphs.append("— CollabMarket")
    addresses: dict[Party, str] = {"brand": start.brand_email, "creator": start.creator_email}
    return [
        SendEmailInput(
            to=addresses[role],
            subject=subject.format(**values),
            text="\n\n".join(paragraphs),
            html="".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs),
            idempotency_key=f"{workflow_id}:{state.seq}:{role}",
        )
        for role in recipients(event, state)
    ]
