"""Telegram user ids are personal data: we keep only a keyed hash of them (HMAC-SHA256 with a secret salt).

Without the salt the hash cannot be reversed by trying all ids, which a plain SHA-256 of an integer would
allow.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

SALT_FILE = "user_id_salt"


class UserHasher:
    """Turns a user id (or any identifier, such as a chat and message id) into a stable, non-reversible key."""

    def __init__(self, salt: str) -> None:
        if not salt:
            raise ValueError("the user id salt must not be empty")
        self._key = salt.encode()

    def __call__(self, identifier: int | str) -> str:
        return hmac.new(self._key, str(identifier).encode(), hashlib.sha256).hexdigest()


def load_or_create_salt(data_dir: Path, configured: str = "") -> str:
    """The configured salt, else the one kept in ``data_dir``, else a new one saved there (mode 0600)."""
    if configured:
        return configured
    path = data_dir / SALT_FILE
    if path.exists():
        salt = path.read_text(encoding="utf-8").strip()
        if salt:
            return salt
    data_dir.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(salt + "\n")
    return salt
