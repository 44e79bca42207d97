# The two commands a new user needs are `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
COMMISSION := $(BIN)/commission
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo serve lint typecheck check bench clean

$(BIN)/commission: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Commission needs Python 3.11 ($(PYTHON) was not found)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/commission

install: $(BIN)/commission

## Install, migrate the SQLite database under var/, load the demo data and serve it.
run: install
	$(COMMISSION) migrate --verbosity 0
	$(COMMISSION) demo
	$(COMMISSION) serve --host $(HOST) --port $(PORT)

## Run the whole test suite (on SQLite unless DATABASE_URL names PostgreSQL).
test: install
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy commission

check: test lint typecheck

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
