"""The hosted pages a person reaches from an object's `url`: Checkout's payment page and
Connect's onboarding page, reduced to what a browser test clicks (`data-testid`s)."""

from html import escape
from typing import Any

from tests.stripe_server.balance import money
from tests.stripe_server.payment_intents import DECLINED, VISA

_STYLE = "body{font-family:sans-serif;max-width:32rem;margin:3rem auto}button{font-size:1.1rem}"


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def message_page(title: str, message: str) -> str:
    return _page(title, f'<p data-testid="stripe-message">{escape(message)}</p>')


def checkout_page(session: dict[str, Any], line_items: list[dict[str, Any]], error: str | None = None) -> str:
    """The amount, the lines, a choice of a succeeding or a declining test card, and Pay."""
    lines = "".join(
        f"<li>{escape(item['description'])} x {item['quantity']}: {money(item['amount_total'], item['currency'])}</li>"
        for item in line_items
    )
    error_html = f'<p role="alert" data-testid="stripe-error">{escape(error)}</p>' if error else ""
    cancel = session["cancel_url"]
    cancel_html = f'<p><a href="{escape(cancel)}" data-testid="stripe-cancel">Cancel</a></p>' if cancel else ""
    total = money(session["amount_total"], session["currency"])
    return _page(
        "Pay with card (test mode)",
        f"<ul>{lines}</ul>"
        f'<p>Total: <strong data-testid="stripe-amount">{total}</strong></p>{error_html}'
        f'<form method="post" action="/pay/{escape(session["id"])}">'
        f'<label><input type="radio" name="card" value="{VISA.payment_method}" checked data-testid="stripe-card-visa">'
        f" Visa •••• {VISA.last4} (succeeds)</label><br>"
        f'<label><input type="radio" name="card" value="{DECLINED.payment_method}" data-testid="stripe-card-declined">'
        f" Visa •••• {DECLINED.last4} (declined)</label>"
        f'<p><button type="submit" data-testid="stripe-pay">Pay {total}</button></p></form>{cancel_html}',
    )


def onboarding_page(account: dict[str, Any], link_url: str) -> str:
    """One button that stands for every step of Express onboarding."""
    return _page(
        "Set up payouts (test mode)",
        f"<p>Account {escape(account['id'])} ({escape(account['email'] or 'no email')})</p>"
        f'<form method="post" action="{escape(link_url)}">'
        '<button type="submit" data-testid="stripe-onboard">Complete onboarding</button></form>',
    )
