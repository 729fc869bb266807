# Two commands on a fresh Debian or Ubuntu machine with the Swift toolchain (https://www.swift.org/install/):
#
#   make run    installs the system packages the server needs, builds it in release mode and starts it
#               (127.0.0.1:8080, durable store in ./data; pass flags with ARGS="--port 9090 --workers 2")
#   make test   installs the system packages and, into a project venv (.venv/), the Python packages the
#               tests run (peer engines, clients, the contract probe), checks formatting, runs every test
#
# and, for the README's walk-through, `make data`: synthetic bars with predictions in bars.csv (numpy
# into .venv/ when missing; other sizes with DATA_ARGS="--assets 5 --bars 500 --freq daily --seed 1").
#
# Only what is missing is installed: apt-get runs (through sudo unless root) when a package is absent,
# pip when the requirements changed since the venv was last filled.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

SYSTEM_PACKAGES := libmicrohttpd-dev libsqlite3-dev pkg-config zlib1g-dev
# The report pages are checked in a headless browser.
TEST_PACKAGES := chromium chromium-driver
VENV := .venv
REQUIREMENTS := Tests/EndToEndTests/Peers/requirements.txt
ARGS ?=
DATA_ARGS ?= --assets 100 --bars 1260 --freq daily --seed 7
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run test data system-packages python-packages format-check clean-venv

help:
	@echo "make run    build (release) and start the server; flags: make run ARGS='--port 9090'"
	@echo "make test   install test dependencies (system + .venv/) and run every test"
	@echo "make data   write bars.csv, synthetic bars and predictions for the README walk-through"

run: system-packages
	swift build -c release --product backtestd
	.build/release/backtestd $(ARGS)

test: python-packages format-check
	@$(MAKE) --no-print-directory system-packages EXTRA_PACKAGES="$(TEST_PACKAGES)"
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" PYTHONDONTWRITEBYTECODE=1 swift test

data: | $(VENV)/bin/python
	@$(VENV)/bin/python -c 'import numpy' 2>/dev/null || $(VENV)/bin/python -m pip install --quiet --disable-pip-version-check numpy
	$(VENV)/bin/python Tests/EndToEndTests/Peers/generate_data.py $(DATA_ARGS) --out bars.csv

format-check:
	swift format lint --strict --recursive Sources Tests Plugins Package.swift

# Installs the Debian packages that are missing (dpkg knows; apt-get update only when needed).
system-packages:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES) $(EXTRA_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "== installing system packages:$$missing"; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The venv works with a distribution Python that refuses pip (PEP 668); Debian needs python3-venv for it.
$(VENV)/bin/python:
	@if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then \
	    $(MAKE) --no-print-directory system-packages EXTRA_PACKAGES="python3 python3-venv python3-pip"; \
	fi
	python3 -m venv $(VENV)

$(VENV)/.installed: $(REQUIREMENTS) | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(REQUIREMENTS)
	@touch $@

python-packages: $(VENV)/.installed

clean-venv:
	rm -rf $(VENV)
