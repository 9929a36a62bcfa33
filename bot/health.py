"""Is the bot alive? For a container's HEALTHCHECK: ``python -m bot healthcheck``.

In webhook mode the bot's own ``/healthz`` answers (200 once the knowledge base is loaded). In polling mode there
is no port to ask, so the running bot touches a heartbeat file in ``DATA_DIR`` every HEARTBEAT_SECONDS; the check
passes while the file is younger than STALE_AFTER_SECONDS.
"""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.settings import Settings

HEARTBEAT_FILE = "heartbeat"
HEARTBEAT_SECONDS = 30.0
STALE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS
"""Three missed beats: the event loop is stuck or the process is gone."""
PROBE_TIMEOUT_SECONDS = 5.0


async def beat(data_dir: Path, every: float = HEARTBEAT_SECONDS) -> None:
    """Touches the heartbeat file now and every ``every`` seconds, until cancelled."""
    while True:
        await asyncio.to_thread(_touch, data_dir / HEARTBEAT_FILE)  # a disk may be slow: not on the loop
        await asyncio.sleep(every)


def _touch(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        pass  # a full or read-only disk: the check will say the bot is unhealthy, which is the truth


def check(settings: Settings, now: float | None = None) -> tuple[bool, str]:
    """Whether the bot these settings describe is healthy, and a line saying why."""
    if settings.mode == "webhook":
        url = f"http://127.0.0.1:{settings.webhook_port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT_SECONDS) as response:
                return response.status == 200, f"/healthz answered {response.status}"
        except urllib.error.HTTPError as error:
            return False, f"/healthz answered {error.code}"
        except OSError as error:
            return False, f"/healthz did not answer: {error}"
    path = settings.data_dir / HEARTBEAT_FILE
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except OSError:
        return False, f"no heartbeat at {path}: the bot is not running (or not yet)"
    if age > STALE_AFTER_SECONDS:
        return False, f"the last heartbeat is {age:.0f} s old: the bot is stuck or stopped"
    return True, f"heartbeat {age:.0f} s ago"
