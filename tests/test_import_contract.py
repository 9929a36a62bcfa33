"""Imports point one way: bot → handlers → knowledge. ``knowledge`` (the domain) never reaches Telegram or the
composition root, and ``handlers`` (thin Telegram adapters) never reaches ``bot``. Inside ``knowledge`` the
folders are the pipeline's layers: engine → matching → kb → text. Checked on the source, so an import hidden in a
function or under ``TYPE_CHECKING`` counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "knowledge": {"telegram", "handlers", "bot"},
    "handlers": {"bot"},
}


KNOWLEDGE_LAYERS = ("text", "kb", "matching", "engine")
"""Each folder of ``knowledge`` imports only the folders before it (and itself)."""


def imported_packages(path: Path, depth: int = 1) -> set[str]:
    """The package of every absolute import in a module, to ``depth`` dotted parts ("knowledge.kb" at 2)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(".".join(alias.name.split(".")[:depth]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(".".join(node.module.split(".")[:depth]))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package: str) -> None:
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules
    crossings = {str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package]) for path in modules}
    assert {path: found for path, found in crossings.items() if found} == {}


def test_the_check_sees_imports_anywhere_in_a_module(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.app import App\n"
        "def later():\n    import telegram.ext\n",
        encoding="utf-8",
    )
    assert imported_packages(module) == {"typing", "bot", "telegram"}


@pytest.mark.parametrize("layer", KNOWLEDGE_LAYERS)
def test_the_knowledge_folders_are_layers(layer: str) -> None:
    later = {f"knowledge.{name}" for name in KNOWLEDGE_LAYERS[KNOWLEDGE_LAYERS.index(layer) + 1 :]}
    modules = sorted((ROOT / "knowledge" / layer).glob("*.py"))
    assert modules
    crossings = {path.name: sorted(imported_packages(path, depth=2) & later) for path in modules}
    assert {name: found for name, found in crossings.items() if found} == {}


def test_every_knowledge_module_sits_in_a_layer() -> None:
    loose = sorted(path.name for path in (ROOT / "knowledge").glob("*.py") if path.name != "__init__.py")
    assert loose == []
