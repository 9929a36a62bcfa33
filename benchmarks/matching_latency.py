"""Per-query latency of ``Engine.ask`` against the naive rapidfuzz baseline, measured side by side.

The baseline is ``rapidfuzz.process.extractOne(query, all_question_variants, scorer=WRatio)`` (variants
pre-processed once, which only helps it). Both run in the same process on the same queries, on the shipped
knowledge base and on synthetic ones of 1,000 and 10,000 entries generated here from the shipped entries, each
question given two made-up words drawn from a pool of 20,000 with a Zipf distribution, so the vocabulary grows
the way a real one does (Heaps' law) rather than by two new words per question.
Machines are shared and noisy: read the ratios.

    python benchmarks/matching_latency.py [--queries 200] [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from knowledge.engine.pipeline import Engine
from knowledge.kb.load import load_knowledge_base
from knowledge.kb.model import Entry, KnowledgeBase

_EXTRA_QUERIES = (
    "What is the address of the IOM office in Osh?",
    "kakie prioritety u ramochnoy programmy OON",
    "ЭМУ Кыргызстанда качантан бери иштейт",
    "hwo many contries is iom presnet in",
    "asdfgh",
    "so my cousin works in Moscow and came back last year and my mom keeps saying there is some "
    "international organization that helps people like him here, anyway what does IOM actually do here? " * 3,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=200, help="queries per knowledge base")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="synthetic sizes")
    args = parser.parse_args()

    started = time.perf_counter()
    shipped = load_knowledge_base()
    loaded = time.perf_counter()
    engine = Engine(shipped)
    indexed = time.perf_counter()
    print(
        f"start-up (shipped, {len(shipped.entries)} entries): load {1000 * (loaded - started):.0f} ms, "
        f"index {1000 * (indexed - loaded):.0f} ms, total {1000 * (indexed - started):.0f} ms; "
        f"max RSS {_max_rss_mb():.0f} MB"
    )
    with tempfile.TemporaryDirectory() as folder:
        Engine.load(cache=Path(folder))  # a first start: builds and keeps it
        begin = time.perf_counter()
        Engine.load(cache=Path(folder))
        cached_ms = 1000 * (time.perf_counter() - begin)
        print(f"start-up from the engine cache (knowledge/engine/cache.py): {cached_ms:.0f} ms")

    rng = random.Random(20261128)
    queries = _queries(shipped, args.queries, rng)
    _compare("shipped", engine, shipped, queries)
    for size in args.sizes:
        kb = synthetic(shipped, size, rng)
        begin = time.perf_counter()
        big = Engine(kb)
        print(
            f"\nindex of {size} entries built in {1000 * (time.perf_counter() - begin):.0f} ms; "
            f"max RSS {_max_rss_mb():.0f} MB"
        )
        _compare(f"synthetic {size}", big, kb, queries)


POOL_SIZE = 20_000


def synthetic(base: KnowledgeBase, size: int, rng: random.Random) -> KnowledgeBase:
    """``size`` entries cloned from ``base``, each question given two made-up words from a Zipf-weighted pool."""
    pool = [_word(rng) for _ in range(POOL_SIZE)]
    zipf = [1 / rank for rank in range(1, POOL_SIZE + 1)]
    entries: list[Entry] = []
    for number in range(size):
        model = base.entries[number % len(base.entries)]
        questions = {
            lang: tuple(f"{question} {' '.join(rng.choices(pool, zipf, k=2))}" for question in texts)
            for lang, texts in model.questions.items()
        }
        entries.append(replace(model, id=f"{model.id}_{number}", questions=questions, related=(), commands=()))
    return KnowledgeBase(entries=tuple(entries), ui=base.ui, topics=())


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def _queries(kb: KnowledgeBase, count: int, rng: random.Random) -> list[str]:
    """Question variants of the knowledge base with a typo in half of them, plus hard cases."""
    variants = [q for entry in kb.entries for texts in entry.questions.values() for q in texts]
    picked = [_typo(q, rng) if i % 2 else q for i, q in enumerate(rng.sample(variants, count))]
    return picked + list(_EXTRA_QUERIES)


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    at = rng.randrange(1, len(text) - 2)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


def _compare(label: str, engine: Engine, kb: KnowledgeBase, queries: Sequence[str]) -> None:
    choices = [utils.default_process(q) for entry in kb.entries for texts in entry.questions.values() for q in texts]

    def baseline(query: str) -> object:
        return process.extractOne(utils.default_process(query), choices, scorer=fuzz.WRatio, processor=None)

    ours = _latencies(engine.ask, queries)
    naive = _latencies(baseline, queries)
    print(f"[{label}] {len(queries)} queries, {len(choices)} variants")
    print(f"  engine   p50 {ours[0]:8.3f} ms   p99 {ours[1]:8.3f} ms")
    print(f"  baseline p50 {naive[0]:8.3f} ms   p99 {naive[1]:8.3f} ms")
    print(f"  ratio    p50 {ours[0] / naive[0]:8.3f}      p99 {ours[1] / naive[1]:8.3f}   (engine / baseline)")


def _latencies(ask: Callable[[str], object], queries: Sequence[str]) -> tuple[float, float]:
    for query in queries[:5]:
        ask(query)
    gc.collect()
    timings: list[float] = []
    for query in queries:
        begin = time.perf_counter()
        ask(query)
        timings.append(1000 * (time.perf_counter() - begin))
    cuts = statistics.quantiles(timings, n=100)
    return statistics.median(timings), cuts[98]


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
