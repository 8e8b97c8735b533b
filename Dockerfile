# The vnsearch image: the `vnsearch` command with its web UI, plus the seed articles.
# Default command: the web UI on port 8000 (see docker-compose.yml for Elasticsearch): a
# supervisor holding the socket and one waitress worker process per core (VNSEARCH_WORKERS
# sets how many, VNSEARCH_THREADS the threads of each), restarting a worker that dies.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies and package first, so that editing seeds or docs does not reinstall them.
COPY pyproject.toml README.md ./
COPY indexer ./indexer
COPY webui ./webui
RUN pip install .

COPY seeds ./seeds

# An unprivileged user; ./data holds the embedded index (tantivy), the analysis cache and the writer lock.
RUN useradd --create-home --uid 10001 vnsearch && mkdir -p /app/data && chown vnsearch /app/data
USER vnsearch

EXPOSE 8000
# Healthy while the live index answers a search (an empty index included: status "empty");
# 503 with the reason otherwise. The slim image has no curl: Python's urllib fails on non-2xx.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/healthz', timeout=4)"]
# `vnsearch serve` is PID 1: it handles SIGTERM (workers finish their requests, then exit) and reaps children.
CMD ["vnsearch", "serve", "--host", "0.0.0.0", "--port", "8000"]
