"""SQLModel tables and their repositories. Importing this package registers every table."""

from models import auth, campaigns, collaborations, creators, ledger, sandbox_payments, users

__all__ = ["auth", "campaigns", "collaborations", "creators", "ledger", "sandbox_payments", "users"]
