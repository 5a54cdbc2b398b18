"""SQLModel tables and their repositories. Importing this package registers every table."""

from models import auth, campaigns, collaborations, users

__all__ = ["auth", "campaigns", "collaborations", "users"]
