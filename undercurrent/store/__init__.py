"""The store: SQLAlchemy Core tables, migrations, writes and queries. The only package that speaks SQL."""

from .db import MIGRATIONS, Store

__all__ = ["MIGRATIONS", "Store"]
