# Runs the bot: `docker run -e TELEGRAM_BOT_TOKEN=... -v iom-bot-data:/data iom-faq-bot`
# Two stages: the first builds the wheel (and validates the knowledge base in it); the second installs only
# that wheel, so no source tree, build tool or cache is left in the image.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
RUN pip wheel --no-deps --wheel-dir /wheels . \
    && pip install --no-deps /wheels/*.whl \
    && python -m bot validate

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data WEBHOOK_LISTEN=0.0.0.0
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot /data
USER 10001
WORKDIR /home/bot
# the shipped knowledge base prepared once (knowledge/engine/cache.py): a new volume starts with it, so the first
# start reads it instead of indexing (a mounted knowledge base or another release simply builds its own)
RUN python -c "from pathlib import Path; from knowledge.engine.pipeline import Engine; Engine.load(cache=Path('/data/cache'))"
VOLUME ["/data"]
EXPOSE 8080
# webhook mode: the bot's /healthz; polling mode: its heartbeat file in /data
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["python", "-m", "bot", "healthcheck"]
# `run`, not the bare command: without a token it exits 2 with a message instead of a console chat on no stdin
CMD ["python", "-m", "bot", "run"]
