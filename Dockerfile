# Runs the bot: `docker run -e TELEGRAM_BOT_TOKEN=... -v iom-bot-data:/data iom-faq-bot`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data WEBHOOK_LISTEN=0.0.0.0
WORKDIR /app

# Dependencies first, in their own layer: editing the code or the knowledge base does not reinstall them.
COPY pyproject.toml README.md LICENSE ./
RUN mkdir -p bot handlers knowledge \
    && touch bot/__init__.py handlers/__init__.py knowledge/__init__.py \
    && pip install . && pip uninstall -y iom-kg-faq-bot && rm -rf bot handlers knowledge build

COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
RUN pip install --no-deps . && python -m bot validate

RUN useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot /data
USER bot
VOLUME ["/data"]
EXPOSE 8080
CMD ["python", "-m", "bot"]
