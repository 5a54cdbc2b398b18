"""Jinja2 templates (``core/templates/``): emails with an HTML and a text part on one base layout, and the
few pages the API serves itself. HTML templates are autoescaped; text templates are plain text."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from core.email import Email

_ENVIRONMENT = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render_email(
    template: str, *, to: str, subject: str, headers: Mapping[str, str] | None = None, **context: Any
) -> Email:
    """``email/<template>.html`` and ``email/<template>.txt``, rendered with ``subject`` and ``context``."""
    values = {"subject": subject, **context}
    return Email(
        to=to,
        subject=subject,
        text=_ENVIRONMENT.get_template(f"email/{template}.txt").render(values),
        html=_ENVIRONMENT.get_template(f"email/{template}.html").render(values),
        headers=dict(headers or {}),
    )


def render_page(template: str, **context: Any) -> str:
    """``pages/<template>.html``."""
    return _ENVIRONMENT.get_template(f"pages/{template}.html").render(context)
