# CollabMarket — the two commands are `make dev` and `make test`.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
NPM := npm --prefix frontend

.PHONY: dev test install tools frontend lint typecheck test-python test-frontend bench clean

## dev: install what is missing, build the web app, start PostgreSQL, Temporal, worker and API
dev: install frontend
	$(UV) run collabmarket dev

## test: lint, type-check, and run every test (Python, Vitest, Playwright in Chromium)
test: install frontend lint typecheck test-frontend test-python

tools:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

install: tools
	$(UV) sync --frozen
	@if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
		$(NPM) ci --no-audit --no-fund; fi

frontend:
	$(NPM) run build

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .

typecheck:
	$(UV) run mypy .

test-frontend:
	$(NPM) test

test-python:
	$(UV) run pytest

## bench: a benchmark against a running stack (see bench/README.md):
##   make bench [BENCH=auth|search|applications|lifecycle|realtime] [BENCH_ARGS="--base-url http://127.0.0.1:8010 ..."]
BENCH ?= auth
bench:
	@case "$(BENCH)" in auth|search|applications|lifecycle|realtime) ;; \
		*) echo "BENCH must be auth, search, applications, lifecycle or realtime (got '$(BENCH)')" >&2; exit 2;; esac
	$(UV) run python -m bench.$(BENCH) $(BENCH_ARGS)

clean:
	rm -rf frontend/dist .pytest_cache .mypy_cache .ruff_cache
