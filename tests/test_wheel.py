"""The built wheel, installed into a fresh virtualenv, runs from another folder: the package carries its
knowledge base, language files and vocabulary, and its commands work without the source tree."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed; the dependencies come from this environment's site-packages
    (read as a plain path, so its editable install of the project is not seen)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"  # a copy: building leaves build/ and *.egg-info behind
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    for package in ("bot", "handlers", "knowledge"):
        shutil.copytree(REPO / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = (work / "dist").glob("*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(packages) / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr
    return python


def run(python: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "TELEGRAM_BOT_TOKEN")}
    return subprocess.run(
        [str(python), "-m", "bot", *args], capture_output=True, text=True, cwd=cwd, env={**clean, **(env or {})}
    )


def test_the_installed_wheel_answers_and_validates_from_another_folder(installed: Path, tmp_path: Path) -> None:
    where = run(installed, "ask", "--json", "What are the priorities?", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    reply = json.loads(where.stdout)
    assert (reply["status"], reply["entry_id"]) == ("answer", "priorities")
    validated = run(installed, "validate", cwd=tmp_path)
    assert validated.returncode == 0 and "0 confusable question(s)." in validated.stdout, validated.stderr
    located = subprocess.run(
        [str(installed), "-c", "import knowledge; print(knowledge.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert str(REPO) not in located.stdout  # the wheel's copy, not the source tree


def test_the_installed_wheel_health_and_run_commands(installed: Path, tmp_path: Path) -> None:
    health = run(installed, "healthcheck", cwd=tmp_path, env={"DATA_DIR": str(tmp_path)})
    assert health.returncode == 1 and "no heartbeat" in health.stdout
    started = run(installed, "run", cwd=tmp_path)
    assert started.returncode == 2 and "TELEGRAM_BOT_TOKEN is not set" in started.stderr


def test_the_images_prepared_engine_is_read_by_the_next_start(installed: Path, tmp_path: Path) -> None:
    """The Dockerfile prepares the shipped knowledge base into /data/cache when the image is built; the same
    command, run by the installed wheel, leaves a file the next start reads without loading the YAML."""
    [command] = [
        line.split('python -c "', 1)[1].rsplit('"', 1)[0]
        for line in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.startswith("RUN python -c") and "Engine.load(cache=" in line
    ]
    folder = tmp_path / "data" / "cache"
    prepare = command.replace("/data/cache", str(folder))
    subprocess.run([str(installed), "-c", prepare], check=True, cwd=tmp_path)
    assert len(list(folder.glob("engine-*.pickle"))) == 1
    start = (
        "from pathlib import Path; from knowledge.engine import cache; from knowledge.engine.pipeline import Engine\n"
        "def refuse(path=None): raise SystemExit('loaded from the YAML')\n"
        "cache.load_knowledge_base = refuse\n"
        f"print(Engine.load(cache=Path({str(folder)!r})).ask('What are the priorities?').status)"
    )
    started = subprocess.run([str(installed), "-c", start], capture_output=True, text=True, cwd=tmp_path)
    assert (started.returncode, started.stdout.strip()) == (0, "answer"), started.stderr
