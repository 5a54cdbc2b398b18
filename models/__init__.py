"""SQLModel tables and their repositories. Importing this package registers every table."""

from models import auth, users

__all__ = ["auth", "users"]
