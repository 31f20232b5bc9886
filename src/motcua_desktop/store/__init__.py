"""Persistence: SQLAlchemy models, the SQLite engine and its Alembic migrations."""
