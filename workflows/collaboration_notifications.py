"""What the collaboration workflow tells the parties at each transition and before each deadline: whom,
in which category, in which words, under which idempotency key. Pure functions, safe in workflow code.

Each notice becomes a ``notify`` activity (in the app, and by email as the recipient prefers); runs that
started before notifications existed send it as the plain email they always sent (``legacy_email``).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape

from activities.notifications import AdminAlertInput, SendEmailInput
from core.money import format_money
from models.notifications import NotificationCategory, NotificationDraft
from workflows.collaboration_models import CollabEvent, CollaborationStart, CollaborationState
from workflows.parties import Party, other

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
    CollabEvent.funding_requested: (
        "Fund your collaboration: {title}",
        "Pay {amount} into escrow within 72 hours to start “{title}”; the creator is paid only once you "
        "approve the content. Pay from the collaboration page.",
    ),
    CollabEvent.funded: ("Collaboration funded: {title}", "{amount} for “{title}” is held in escrow. Work can start."),
    CollabEvent.funding_expired: (
        "Collaboration cancelled: {title}",
        "“{title}” was not funded within 72 hours, so it is cancelled and the slot is free again.",
    ),
    CollabEvent.shipped: (
        "Product shipped: {title}",
        "The brand shipped the product for “{title}” ({carrier}, tracking {tracking_number}). "
        "Confirm receipt when it arrives: the delivery window starts then.",
    ),
    CollabEvent.received: (
        "Product received: {title}",
        "The creator received the product for “{title}”; the delivery window has started.",
    ),
    CollabEvent.shipping_problem: (
        "Shipping problem: {title}",
        "The creator reports the product for “{title}” as {problem}. Ship it again, or agree on what to do.",
    ),
    CollabEvent.delivered: (
        "Content delivered: {title}",
        "Version {version} of the content for “{title}” is ready for your review.",
    ),
    CollabEvent.revision_requested: (
        "Revision requested: {title}",
        "The brand asked for a revision of “{title}” ({revision} of {max_revisions}). See their feedback.",
    ),
    CollabEvent.approved: ("Content approved: {title}", "The brand approved the content for “{title}”."),
    CollabEvent.auto_approved: (
        "Content approved: {title}",
        "The review window for “{title}” ended without a decision, so the content is approved.",
    ),
    CollabEvent.deadline_missed: (
        "Delivery deadline passed: {title}",
        "The delivery deadline of “{title}” passed without a delivery. The brand may extend it or cancel "
        "with a full refund.",
    ),
    CollabEvent.deadline_extended: (
        "Deadline extended: {title}",
        "The brand extended the delivery deadline of “{title}” to {until}.",
    ),
    CollabEvent.cancel_proposed: (
        "Cancellation proposed: {title}",
        "The {by_party} proposes to cancel “{title}” with a full refund to the brand. Accept or decline it "
        "on the collaboration page.",
    ),
    CollabEvent.cancel_declined: (
        "Cancellation declined: {title}",
        "The {by_party} declined to cancel “{title}”; the collaboration goes on.",
    ),
    CollabEvent.cancelled: ("Collaboration cancelled: {title}", "“{title}” is cancelled ({reason})."),
    CollabEvent.dispute_opened: (
        "Dispute opened: {title}",
        "The {by_party} opened a dispute on “{title}”. Deadlines are paused until an admin decides.",
    ),
    CollabEvent.dispute_resolved: (
        "Dispute resolved: {title}",
        "An admin resolved the dispute on “{title}”: {outcome}.",
    ),
    CollabEvent.payout_waiting: (
        "Set up payouts to get paid: {title}",
        "Your payment for “{title}” is ready. Set up payouts on your profile page and it is sent at once.",
    ),
    CollabEvent.paid: ("Payment sent: {title}", "{to_creator} was paid to the creator for “{title}”."),
    CollabEvent.refunded: ("Refund sent: {title}", "{to_brand} was refunded to the brand for “{title}”."),
}

_CATEGORIES: dict[NotificationCategory, frozenset[CollabEvent]] = {
    NotificationCategory.applications: frozenset(
        {
            CollabEvent.applied,
            CollabEvent.countered,
            CollabEvent.accepted,
            CollabEvent.counter_accepted,
            CollabEvent.rejected,
            CollabEvent.counter_declined,
            CollabEvent.withdrawn,
            CollabEvent.expired,
            CollabEvent.campaign_closed,
            CollabEvent.terms_changed,
        }
    ),
    NotificationCategory.payments: frozenset(
        {
            CollabEvent.funding_requested,
            CollabEvent.funded,
            CollabEvent.funding_expired,
            CollabEvent.payout_waiting,
            CollabEvent.paid,
            CollabEvent.refunded,
        }
    ),
    NotificationCategory.disputes: frozenset({CollabEvent.dispute_opened, CollabEvent.dispute_resolved}),
}
"""Every other announced event is about the work itself (``collaboration``)."""

_ONLY: dict[CollabEvent, Party] = {
    CollabEvent.applied: "brand",
    CollabEvent.funding_requested: "brand",
    CollabEvent.payout_waiting: "creator",
}
"""Events only one side hears of."""
_UNANNOUNCED = frozenset({CollabEvent.funding_renewed, CollabEvent.payment_failed, CollabEvent.payment_retried})
"""Events no party is emailed about: the brand asked for the new payment page itself; a refused payment
is the operators' to fix (``payment_alert``), and the page tells the parties."""
_TOLD_TO_OTHER_SIDE = frozenset(
    {
        CollabEvent.shipped,
        CollabEvent.received,
        CollabEvent.shipping_problem,
        CollabEvent.delivered,
        CollabEvent.revision_requested,
        CollabEvent.deadline_extended,
        CollabEvent.cancel_proposed,
        CollabEvent.cancel_declined,
    }
)
"""Events that only the side that did not act needs to hear of."""
_MONEY_KEYS = ("amount", "to_creator", "to_brand", "to_platform")

_REMINDERS: dict[str, tuple[str, str]] = {
    "delivery": (
        "Delivery due in 24 hours: {title}",
        "The content for “{title}” is due by {due}. Submit your delivery from the collaboration page.",
    ),
    "review": (
        "Review due in 24 hours: {title}",
        "Please review the content for “{title}” by {due}; without a decision it is approved automatically.",
    ),
}
_REMINDED: dict[str, Party] = {"delivery": "creator", "review": "brand"}


def recipients(event: CollabEvent, state: CollaborationState, actor: Party | None) -> list[Party]:
    """The brand learns of an application and of what it must pay; a counter-offer goes to the side
    that must answer it; what one side does in the course of the work goes to the other; every
    decision, and what happens by itself, goes to both."""
    if event in _UNANNOUNCED:
        return []
    if event in _ONLY:
        return [_ONLY[event]]
    if event is CollabEvent.terms_changed:
        return ["creator"]
    if event is CollabEvent.countered:
        return ["creator" if state.pending_offer_by == "brand" else "brand"]
    if event in _TOLD_TO_OTHER_SIDE and actor is not None:
        return [other(actor)]
    return ["brand", "creator"]


@dataclass(frozen=True)
class Notice:
    """What one party is told."""

    role: Party
    category: NotificationCategory
    kind: str
    subject: str
    paragraphs: list[str]
    key: str
    """``<workflow id>:<seq>:<role>``, or the reminder's: the notification and its email go out once."""


def transition_notices(
    start: CollaborationStart,
    state: CollaborationState,
    event: CollabEvent,
    data: Mapping[str, str | int | None],
    *,
    actor: Party | None,
    workflow_id: str,
) -> list[Notice]:
    """One notice per recipient, keyed ``<workflow id>:<seq>:<role>`` so a retry tells them once."""
    roles = recipients(event, state, actor)
    if not roles:
        return []
    subject, opening = _MESSAGES[event]
    values = {
        **data,
        **{key: format_money(int(amount or 0), state.currency) for key, amount in data.items() if key in _MONEY_KEYS},
        "title": _title(start),
        "price": format_money(state.price, state.currency),
        "by": state.pending_offer_by,
        "by_party": actor,
    }
    paragraphs = [opening.format(**values)]
    if event is CollabEvent.countered and state.offers[-1].message:
        paragraphs.append(f"Their message: {state.offers[-1].message}")
    if state.reason:
        paragraphs.append(f"Reason: {state.reason}")
    category = next(
        (category for category, events in _CATEGORIES.items() if event in events), NotificationCategory.collaboration
    )
    return [
        Notice(role, category, event.value, subject.format(**values), paragraphs, f"{workflow_id}:{state.seq}:{role}")
        for role in roles
    ]


def payment_alert(start: CollaborationStart, state: CollaborationState, step: str, message: str) -> AdminAlertInput:
    """What the operators are told when the provider refused a payout or refund: what to fix, and how
    to retry the step once it is fixed. Keyed by the ``payment_failed`` transition."""
    workflow_id = f"collab-{start.collaboration_id}"
    lines = [
        f"The payment provider refused the {step} of “{_title(start)}”: {message}",
        f"The money stays in escrow and workflow {workflow_id} waits. Fix the cause at the provider, then "
        f"retry the same step (same idempotency keys): POST /api/v1/collaborations/{start.collaboration_id}"
        "/payment-retry as an admin.",
        *([f"Collaboration: {start.page_url}"] if start.page_url else []),
    ]
    return AdminAlertInput(
        subject=f"Payment refused ({step}): {_title(start)}",
        text="\n\n".join(lines),
        idempotency_key=f"{workflow_id}:{state.seq}:admins",
    )


def reminder_notice(start: CollaborationStart, kind: str, due: datetime, *, workflow_id: str) -> Notice:
    """The reminder 24 hours before a delivery or review deadline, keyed by the deadline it is about."""
    subject, text = _REMINDERS[kind]
    values = {"title": _title(start), "due": f"{due:%Y-%m-%d %H:%M} UTC"}
    return Notice(
        _REMINDED[kind],
        NotificationCategory.reminders,
        f"reminder_{kind}",
        subject.format(**values),
        [text.format(**values)],
        f"{workflow_id}:reminder:{kind}:{due.isoformat()}",
    )


def notification(start: CollaborationStart, notice: Notice) -> NotificationDraft:
    """The notice as a notification to the party's user, linking to the collaboration's page."""
    parties = {"brand": start.brand_id, "creator": start.creator_id}
    return NotificationDraft(
        user_id=parties[notice.role],
        category=notice.category,
        kind=notice.kind,
        title=notice.subject,
        body="\n\n".join(notice.paragraphs),
        link=f"/collaborations/{start.collaboration_id}",
        idempotency_key=notice.key,
    )


def legacy_email(start: CollaborationStart, notice: Notice) -> SendEmailInput:
    """The notice as the plain email sent before notifications existed, with a link to the collaboration's
    page (when known) and the signature."""
    addresses: dict[Party, str] = {"brand": start.brand_email, "creator": start.creator_email}
    paragraphs = notice.paragraphs
    text = [*paragraphs, *([f"Open the collaboration: {start.page_url}"] if start.page_url else []), "— CollabMarket"]
    html = [f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs]
    if start.page_url:
        html.append(f'<p><a href="{escape(start.page_url)}">Open the collaboration</a></p>')
    return SendEmailInput(
        to=addresses[notice.role],
        subject=notice.subject,
        text="\n\n".join(text),
        html="".join([*html, "<p>— CollabMarket</p>"]),
        idempotency_key=notice.key,
    )


def _title(start: CollaborationStart) -> str:
    return " ".join(start.campaign_title.split())
