# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test bench clean

$(STAMP): pyproject.toml scripts/ensure-system.sh
	@bash scripts/ensure-system.sh runtime
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/narrate --engine auto article.md

test: $(STAMP)
	@bash scripts/ensure-system.sh test
	$(PY) -m pytest

bench: $(STAMP)
	@bash scripts/ensure-system.sh bench
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) audio_out/*.mp3 audio_out/*.json
