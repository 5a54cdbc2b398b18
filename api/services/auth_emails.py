"""The emails that identity flows send."""

from html import escape

from core.email import Email


def _render(to: str, subject: str, intro: str, action: str, link: str, outro: str) -> Email:
    text = f"{intro}\n\n{action}: {link}\n\n{outro}\n\n— CollabMarket"
    html = (
        f"<p>{escape(intro)}</p>"
        f'<p><a href="{escape(link, quote=True)}">{escape(action)}</a></p>'
        f"<p>{escape(outro)}</p><p>— CollabMarket</p>"
    )
    return Email(to=to, subject=subject, text=text, html=html)


def verification_email(to: str, link: str, hours: int) -> Email:
    return _render(
        to,
        "Verify your CollabMarket email",
        "Welcome to CollabMarket! Confirm this address to start collaborating.",
        "Verify my email",
        link,
        f"The link works once and expires in {hours} hours. If you did not sign up, ignore this email.",
    )


def password_reset_email(to: str, link: str, minutes: int) -> Email:
    return _render(
        to,
        "Reset your CollabMarket password",
        "Someone (hopefully you) asked to reset the password of this account.",
        "Choose a new password",
        link,
        f"The link works once and expires in {minutes} minutes. If you did not ask, ignore this email: "
        "your password stays the same.",
    )
