#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (unit, pages, browser).
# The tests read the official files from ../shared/data and never leave the machine.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh --test
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
