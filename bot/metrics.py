"""Prometheus metrics of one bot process (``GET /metrics``): updates by kind, replies by status and language, the
time an update takes, Telegram API failures by kind and whether they were tried again, storage failures, and
the knowledge base's size and load time.

Each Application gets its own registry, so several bots in one process (the tests) never mix their counts. Label
values are bounded: update kinds, the engine's three statuses, the knowledge base's languages, a handful of
error kinds — never a user, a text or an entry id.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
"""Seconds: most updates take milliseconds; a reply waiting out a flood wait takes up to half a minute."""


class Metrics:
    """The counters a running bot keeps; ``handlers.state.UpdateMetrics`` is the part handlers see."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self._updates = Counter("faqbot_updates", "Updates handled, by kind", ["kind"], registry=registry)
        self._replies = Counter(
            "faqbot_replies",
            "Replies of the engine, by status and language",
            ["status", "lang"],
            registry=registry,
        )
        self._latency = Histogram(
            "faqbot_update_seconds", "Time to handle one update", buckets=LATENCY_BUCKETS, registry=registry
        )
        self._telegram = Counter(
            "faqbot_telegram_failures",
            "Bot API calls that failed, by kind (429, 5xx, 4xx, network, timeout) and whether they were tried again",
            ["kind", "retried"],
            registry=registry,
        )
        self._entries = Gauge("faqbot_knowledge_entries", "Entries of the knowledge base in use", registry=registry)
        self._loaded = Gauge(
            "faqbot_knowledge_loaded_timestamp_seconds",
            "When the knowledge base in use was loaded (Unix time)",
            registry=registry,
        )
        self._storage = Gauge("faqbot_storage_failures", "Storage calls that failed since start", registry=registry)

    def update_handled(self, kind: str, status: str, lang: str, seconds: float) -> None:
        self._updates.labels(kind).inc()
        if status != "-":
            self._replies.labels(status, lang).inc()
        self._latency.observe(seconds)

    def telegram_failed(self, kind: str, retried: bool) -> None:
        self._telegram.labels(kind, "yes" if retried else "no").inc()

    def knowledge_loaded(self, entries: int) -> None:
        self._entries.set(entries)
        self._loaded.set(time.time())

    def count_storage_failures(self, failures: Callable[[], int]) -> None:
        """Reads the store's failure count at each scrape."""
        self._storage.set_function(lambda: float(failures()))

    def render(self) -> bytes:
        return generate_latest(self.registry)
