"""The sandbox payment provider's own records: what a real provider would keep on its side.

Kept in PostgreSQL so the API (where the brand clicks "Pay") and the worker (which moves money)
see the same payments, and a restart loses nothing."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from models.base import timestamp_field


class SandboxKind(StrEnum):
    funding = "funding"
    account = "account"
    transfer = "transfer"
    refund = "refund"


class SandboxPayment(SQLModel, table=True):
    __tablename__ = "sandbox_payments"

    id: str = Field(primary_key=True, max_length=64)
    """Prefixed like a provider's ids: ``sbx_fund_…``, ``sbx_acct_…``, ``sbx_tr_…``, ``sbx_re_…``."""
    kind: SandboxKind = Field(sa_type=String(16))
    idempotency_key: str | None = Field(default=None, max_length=200, unique=True)
    status: str = Field(max_length=16)
    """Fundings: open, paid; accounts: pending, enabled; transfers and refunds: succeeded."""
    amount: int = 0
    currency: str = Field(default="", max_length=3)
    transfer_group: str | None = Field(default=None, max_length=100)
    charge_id: str | None = Field(default=None, max_length=64, index=True)
    """A paid funding's charge; the charge a transfer or refund draws on."""
    account_id: str | None = Field(default=None, max_length=64)
    """A transfer's destination."""
    created_at: datetime = timestamp_field()
