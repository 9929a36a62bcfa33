"""The prepared engine (``prepared.py``) kept on disk, so a restart or a ``/reload`` of an unchanged knowledge base
skips loading, checking and indexing it.

Never stale: a cache file is named by a hash of everything the prepared engine is built from — the knowledge
base's files, the ``knowledge`` package's code and language files, the versions of Python and of the libraries
whose objects it holds — so any change is another file. The hash is taken again after loading, and a knowledge
base edited meanwhile is not kept under the hash of what it was before.

Never required: a missing, unreadable or damaged file is rebuilt from the YAML, and a cache that cannot be written
only costs the next start the same time again.

A cache file is a pickle, and reading a pickle can run code: it is read only from a folder and a file owned by
the user the bot runs as and writable by no one else — the trust the package's own bytecode gets. The folder is
created private.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import numpy
import rapidfuzz
import Stemmer
import yaml

import knowledge
from knowledge.engine.prepared import Prepared
from knowledge.kb.load import load_knowledge_base

logger = logging.getLogger(__name__)

FORMAT = 1
"""Bumped when what a cache file holds changes shape in a way the hash of the code would not show."""

KEEP_FILES = 3
"""Cache files kept in the folder, the newest: a rolled-back release or a curator's undo still starts fast."""

_PREFIX = "engine-"
_SUFFIX = ".pickle"
_HASHED = (".py", ".yaml")


def cached(path: Path | None, folder: Path) -> Prepared:
    """The engine prepared for the knowledge base in ``path`` (default: the shipped one): read from ``folder``
    when a file there was built from the same knowledge base and code, else loaded — raising
    ``KnowledgeBaseError`` as ``load_knowledge_base`` does — and kept there."""
    key = _key_or_none(path)
    if key is None:
        return Prepared.of(load_knowledge_base(path))
    file = folder / f"{_PREFIX}{key}{_SUFFIX}"
    prepared = _read(file)
    if prepared is not None:
        logger.info("knowledge base read from the cache %s", file.name)
        with suppress(OSError):
            os.utime(file)  # recently used: kept when the folder is pruned
        return prepared
    prepared = Prepared.of(load_knowledge_base(path))
    if _key_or_none(path) == key:
        _write(file, prepared)
    else:
        logger.info("knowledge base changed while it was loaded: not cached")
    return prepared


def cache_key(path: Path | None) -> str:
    """A hash of everything a prepared engine is built from (see the module's docstring)."""
    digest = hashlib.sha256()
    versions = (FORMAT, sys.version, rapidfuzz.__version__, numpy.__version__, yaml.__version__, Stemmer.version())
    digest.update(repr(versions).encode())
    package = Path(knowledge.__file__).parent
    for root in (package, path):
        if root is None:
            continue
        digest.update(b"\0root\0")
        for file in _hashed_files(root):
            name = file.relative_to(root).as_posix().encode()
            content = file.read_bytes()
            digest.update(b"%d:%s%d:" % (len(name), name, len(content)))
            digest.update(content)
    return digest.hexdigest()[:32]


def _key_or_none(path: Path | None) -> str | None:
    """The cache key, or None when a file cannot be read (the loader then reports it, with its name and line)."""
    try:
        return cache_key(path)
    except OSError as error:
        logger.warning("knowledge base not cached: %s", error)
        return None


def _hashed_files(root: Path) -> Iterator[Path]:
    files = (file for file in root.rglob("*") if file.suffix in _HASHED and "__pycache__" not in file.parts)
    return iter(sorted(file for file in files if file.is_file()))


def _read(file: Path) -> Prepared | None:
    try:
        if not (_private(file.parent) and _private(file)):
            return None
        with file.open("rb") as stream:
            prepared = pickle.load(stream)  # noqa: S301 — a private file of this user: see the module docstring
    except FileNotFoundError:
        return None
    except Exception as error:
        logger.warning("cache file %s not used (%s): rebuilding it", file.name, type(error).__name__)
        return None
    if not isinstance(prepared, Prepared):
        logger.warning("cache file %s holds no prepared engine: rebuilding it", file.name)
        return None
    return prepared


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else; warns when it is not, once per file read."""
    status = path.stat()
    owner = os.getuid() if hasattr(os, "getuid") else status.st_uid
    if status.st_uid == owner and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return True
    logger.warning("cache %s not read: it is writable by others or not owned by this user", path)
    return False


def _write(file: Path, prepared: Prepared) -> None:
    """Writes the file whole or not at all (another replica may be reading the folder), then prunes the folder."""
    folder = file.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=_SUFFIX, dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(prepared, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        old = sorted(folder.glob(f"{_PREFIX}*{_SUFFIX}"), key=lambda cached: cached.stat().st_mtime, reverse=True)
        for stale in old[KEEP_FILES:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError) as error:
        logger.warning("knowledge base not cached in %s: %s", folder, error)
