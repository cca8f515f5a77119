"""Persistence: the SQLite database and the repositories over it."""

from icraft.store.db import connect, migrate, now, transaction

__all__ = ["connect", "migrate", "now", "transaction"]
