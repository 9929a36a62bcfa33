"""The bot's storage: which database, its schema and migrations, the store the handlers use, the inbox."""
