"""The compose example (deploy/): two webhook replicas on one PostgreSQL behind Caddy. No container engine runs
here, so this checks what can be checked: the bot's settings accept what compose gives each replica, the replicas
share what they must, every variable is in .env.example, and Caddy forwards the webhook path and nothing else."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.settings import Settings

DEPLOY = Path(__file__).parent.parent / "deploy"
VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")


def example_values() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            filler = {"TELEGRAM_BOT_TOKEN": "123456:ABC-def_ghi", "ADMIN_USER_IDS": "12345"}.get(name, "s3cret-1")
            values[name] = value or filler
    return values


def substitute(text: str, values: dict[str, str]) -> str:
    return VARIABLE.sub(lambda match: values[match.group(1)], text)


def test_every_replica_runs_with_valid_shared_settings() -> None:
    values = example_values()
    compose = yaml.safe_load(substitute((DEPLOY / "compose.yaml").read_text(encoding="utf-8"), values))
    replicas = {name: service for name, service in compose["services"].items() if name.startswith("bot-")}
    assert len(replicas) == 2
    environments = [{key: str(value) for key, value in s["environment"].items()} for s in replicas.values()]
    assert environments[0] == environments[1]  # one token, secret, salt and database for both
    settings = Settings.from_env(environments[0])
    assert settings.mode == "webhook" and settings.database_url.startswith("postgresql://")
    assert settings.user_id_salt and settings.webhook_secret
    assert urlsplit(settings.database_url).hostname in compose["services"]


def test_every_variable_is_in_the_example_env_file() -> None:
    used = set(VARIABLE.findall((DEPLOY / "compose.yaml").read_text(encoding="utf-8")))
    assert used <= set(example_values())


def test_caddy_forwards_only_the_webhook_path_to_both_replicas() -> None:
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert re.findall(r"handle (/\S+)", caddyfile) == ["/telegram"]
    assert "reverse_proxy bot-1:8080 bot-2:8080" in caddyfile
    environment = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))["x-bot"]["environment"]
    assert environment["WEBHOOK_URL"].endswith("/telegram")
