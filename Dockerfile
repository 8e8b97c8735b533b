# The vnsearch image: the `vnsearch` command with its web UI, plus the seed articles.
# Default command: the web UI on port 8000 (see docker-compose.yml for Elasticsearch).
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
CMD ["vnsearch", "serve", "--host", "0.0.0.0", "--port", "8000"]
