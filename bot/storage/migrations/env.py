"""Alembic's entry point. Migrations always run on a connection the bot hands over (``bot/storage/database.py``
holds the lock that makes two processes starting together run them once), never from a URL in a config file."""

from __future__ import annotations

from alembic import context

from bot.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
