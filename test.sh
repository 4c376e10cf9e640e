#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (unit, pages, browser)
# twice: on SQLite, then on the PostgreSQL server of this machine (127.0.0.1:5432,
# database « test »; another one with FSDASH_PG_URL). The tests read the official
# files from ../shared/data and never leave the machine.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh --test
.venv/bin/ruff check .

export FSDASH_PG_URL="${FSDASH_PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
pg_ready() {
    .venv/bin/python -c "import sys, sqlalchemy as sa; sa.create_engine(sys.argv[1]).connect().close()" \
        "$FSDASH_PG_URL" >/dev/null 2>&1
}
if ! pg_ready && command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]]; then
    for version in /etc/postgresql/*; do
        pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start >/dev/null 2>&1 || true
    done
    sleep 2
fi

echo "== Suite complète sur SQLite =="
.venv/bin/python -m pytest "$@"
if pg_ready; then
    echo "== Suite complète sur PostgreSQL ($FSDASH_PG_URL) =="
    FSDASH_TEST_DATABASE_URL="$FSDASH_PG_URL" .venv/bin/python -m pytest "$@"
elif [[ -n "${CI:-}" ]]; then
    echo "PostgreSQL injoignable ($FSDASH_PG_URL) : la suite doit aussi passer sur PostgreSQL." >&2
    exit 1
else
    echo "PostgreSQL injoignable ($FSDASH_PG_URL) : seconde passe sautée sur ce poste." >&2
fi
