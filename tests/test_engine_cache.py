"""The prepared engine kept on disk (knowledge/engine/cache.py): read back when nothing it was built from changed,
rebuilt from the YAML whenever anything did or the file cannot be trusted, and never needed for an answer."""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

import pytest

from knowledge.engine import cache
from knowledge.engine.bands import Thresholds
from knowledge.engine.pipeline import Engine
from knowledge.engine.prepared import Prepared
from knowledge.kb.load import KnowledgeBaseError, load_knowledge_base
from tests.test_load import edit

FOUNDED = "When was IOM founded?"


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob("engine-*.pickle"))


def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails any load from the YAML: an engine made now comes from the cache or not at all."""

    def refuse(path: Path | None = None) -> None:
        raise AssertionError("the knowledge base was loaded from its YAML")

    monkeypatch.setattr(cache, "load_knowledge_base", refuse)


def test_a_second_start_reads_the_engine_from_the_cache_and_answers_alike(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    built = Engine.load(cache=folder)
    assert len(files(folder)) == 1
    assert folder.stat().st_mode & 0o777 == 0o700 and files(folder)[0].stat().st_mode & 0o777 == 0o600
    with pytest.MonkeyPatch.context() as patch:
        no_loading(patch)
        read = Engine.load(cache=folder)
    fresh = Engine.load()
    questions = [
        "What are the priorities?",
        "kakie prioritety u ramochnoy programmy",
        "ЭМУ Кыргызстанда качантан бери иштейт",
        "hwo many contries is iom presnet in",
        "What is IOM, and since when is it in Kyrgyzstan?",
        "What is the weather today?",
    ]
    for question in questions:  # the memories of looked-up words and rewritten texts work again after reading
        assert read.ask(question) == fresh.ask(question) == built.ask(question)
    assert read.unknown_words("IOM budgt tomorrow") == fresh.unknown_words("IOM budgt tomorrow")


def test_the_cache_keeps_no_bands_each_start_decides_at_its_own(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    Engine.load(cache=folder)
    strict = Thresholds(answer=0.99, answer_by_language=(), clarify=0.98)
    assert Engine.load(cache=folder, thresholds=strict).thresholds == strict
    assert Engine.load(cache=folder).thresholds == Thresholds()


def test_an_edited_knowledge_base_is_loaded_again_and_cached_beside(kb: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert "1951" in Engine.load(kb, cache=folder).ask(FOUNDED).html
    edit(kb, "entries/10_iom.yaml", "IOM was founded <b>in 1951</b>.", "IOM was founded <b>in 1952</b>.")
    assert "1952" in Engine.load(kb, cache=folder).ask(FOUNDED).html
    assert len(files(folder)) == 2
    edit(kb, "entries/10_iom.yaml", "IOM was founded <b>in 1952</b>.", "IOM was founded <b>in 1951</b>.")
    with pytest.MonkeyPatch.context() as patch:  # undone: the first file serves again
        no_loading(patch)
        assert "1951" in Engine.load(kb, cache=folder).ask(FOUNDED).html


def test_an_invalid_edit_is_refused_even_when_the_valid_one_is_cached(kb: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    Engine.load(kb, cache=folder)
    edit(kb, "entries/10_iom.yaml", "- id: iom_members", "- id: iom_founded")
    with pytest.raises(KnowledgeBaseError):
        Engine.load(kb, cache=folder)


def test_the_key_covers_every_file_of_the_knowledge_base_and_of_the_code(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = cache.cache_key(kb)
    assert cache.cache_key(kb) == key and cache.cache_key(None) != key
    (kb / "vocabulary.yaml").write_text("{}\n", encoding="utf-8")  # a file the loader reads only when present
    with_vocabulary = cache.cache_key(kb)
    assert with_vocabulary != key
    (kb / "topics.yaml").write_bytes((kb / "topics.yaml").read_bytes() + b" ")
    assert cache.cache_key(kb) != with_vocabulary
    package = tmp_path / "knowledge"
    (package / "text").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "text" / "stem.py").write_text("STEM = 1\n")
    monkeypatch.setattr(cache.knowledge, "__file__", str(package / "__init__.py"))
    code = cache.cache_key(kb)
    (package / "text" / "stem.py").write_text("STEM = 2\n")
    assert cache.cache_key(kb) != code
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache.cache_key(kb) not in (code, cache.cache_key(None))


def other_prepared(kb: Path) -> Prepared:
    """A prepared engine that answers 1952: found under the key of the real knowledge base, it must not serve."""
    edit(kb, "entries/10_iom.yaml", "IOM was founded <b>in 1951</b>.", "IOM was founded <b>in 1952</b>.")
    prepared = Prepared.of(load_knowledge_base(kb))
    edit(kb, "entries/10_iom.yaml", "IOM was founded <b>in 1952</b>.", "IOM was founded <b>in 1951</b>.")
    return prepared


def planted(kb: Path, folder: Path, content: bytes, mode: int = 0o600) -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    file = folder / f"engine-{cache.cache_key(kb)}.pickle"
    file.write_bytes(content)
    file.chmod(mode)
    return file


def test_a_file_others_may_write_is_not_read(kb: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "cache"
    planted(kb, folder, pickle.dumps(other_prepared(kb)), mode=0o666)
    with caplog.at_level(logging.WARNING):
        assert "1951" in Engine.load(kb, cache=folder).ask(FOUNDED).html
    assert "writable by others" in caplog.text
    folder.chmod(0o777)  # nor a private file in a folder others may write to (they could swap it)
    planted(kb, folder, pickle.dumps(other_prepared(kb)))
    assert "1951" in Engine.load(kb, cache=folder).ask(FOUNDED).html


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="giving a file away takes root")
def test_a_file_of_another_user_is_not_read(kb: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    file = planted(kb, folder, pickle.dumps(other_prepared(kb)))
    os.chown(file, 4242, 4242)
    assert "1951" in Engine.load(kb, cache=folder).ask(FOUNDED).html


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps({"kb": "a dict"}), pickle.dumps(Thresholds())[:-5]],
    ids=["empty", "not a pickle", "another object", "cut short"],
)
def test_a_damaged_file_is_rebuilt(kb: Path, tmp_path: Path, content: bytes) -> None:
    folder = tmp_path / "cache"
    file = planted(kb, folder, content)
    assert "1951" in Engine.load(kb, cache=folder).ask(FOUNDED).html
    assert isinstance(pickle.loads(file.read_bytes()), Prepared)


def test_a_cache_that_cannot_be_written_costs_only_time(
    kb: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    with caplog.at_level(logging.WARNING):
        assert "1951" in Engine.load(kb, cache=blocked / "cache").ask(FOUNDED).html
    assert "not cached" in caplog.text


def test_a_knowledge_base_edited_while_it_loads_is_not_kept_under_the_old_key(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    load = cache.load_knowledge_base

    def load_while_a_curator_saves(path: Path | None = None) -> object:
        loaded = load(path)
        edit(kb, "entries/10_iom.yaml", "IOM was founded <b>in 1951</b>.", "IOM was founded <b>in 1952</b>.")
        return loaded

    monkeypatch.setattr(cache, "load_knowledge_base", load_while_a_curator_saves)
    Engine.load(kb, cache=folder)
    assert files(folder) == []


def test_the_folder_keeps_the_files_used_last(kb: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    Engine.load(kb, cache=folder)
    first = f"engine-{cache.cache_key(kb)}.pickle"
    for year in range(1952, 1952 + cache.KEEP_FILES + 1):
        edit(kb, "entries/10_iom.yaml", "IOM was founded <b>in 1951</b>.", f"IOM was founded <b>in {year}</b>.")
        Engine.load(kb, cache=folder)
        latest = f"engine-{cache.cache_key(kb)}.pickle"
        edit(kb, "entries/10_iom.yaml", f"IOM was founded <b>in {year}</b>.", "IOM was founded <b>in 1951</b>.")
        with pytest.MonkeyPatch.context() as patch:  # the first file, read again: used last, though written first
            no_loading(patch)
            Engine.load(kb, cache=folder)
    kept = [file.name for file in files(folder)]
    assert len(kept) == cache.KEEP_FILES and first in kept and latest in kept
    assert not list(folder.glob(".*"))  # no half-written file left behind
