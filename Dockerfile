# syntax=docker/dockerfile:1
# CollabMarket: one image for the API, the Temporal worker and migrations.
#   docker build -t collabmarket .
#   docker run --rm collabmarket --help          (ENTRYPOINT is the `collabmarket` CLI)
# Stage 1 builds the Vue web app; stage 2 installs the Python project from uv.lock and
# serves the built app from frontend/dist.

############################ 1. the web app ############################
FROM node:20-slim AS frontend
WORKDIR /build/frontend
# Dependencies first, so editing the sources does not reinstall them.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# `npm run build` type-checks (vue-tsc) then writes frontend/dist.
RUN npm run build

############################ 2. the Python app ############################
FROM python:3.11-slim AS app

ARG UV_VERSION=0.13.9
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv

RUN pip install --no-cache-dir "uv==${UV_VERSION}"

WORKDIR /app

# Third-party dependencies first (cached while only the project's code changes).
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project

# The project itself.
COPY alembic.ini ./
COPY api/ api/
COPY core/ core/
COPY models/ models/
COPY workflows/ workflows/
COPY activities/ activities/
COPY temporal/ temporal/
RUN uv sync --frozen --no-dev

# The web app built in stage 1 (the API serves it; see Settings.frontend_dist).
COPY --from=frontend /build/frontend/dist/ frontend/dist/

# Run as an unprivileged user; it owns only its data directory.
RUN groupadd --system --gid 10001 collabmarket \
    && useradd --system --uid 10001 --gid collabmarket --home-dir /app --no-create-home collabmarket \
    && mkdir -p /app/.data \
    && chown collabmarket:collabmarket /app/.data
USER collabmarket

ENV PATH="/app/.venv/bin:${PATH}" \
    COLLAB_DATA_DIR=/app/.data

EXPOSE 8000

# Only meaningful for the `api` command; docker-compose.yml disables it for the worker and migrate.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

ENTRYPOINT ["collabmarket"]
CMD ["api", "--host", "0.0.0.0", "--port", "8000"]
