"""Persistence: the SQLite database and the repositories over it."""

from icraft.store.db import connect, migrate, now

__all__ = ["connect", "migrate", "now"]
