#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (unit, pages, browser)
# twice: on SQLite and on the PostgreSQL server of this machine (127.0.0.1:5432,
# database « test »; another one with FSDASH_PG_URL). The tests read the official
# files from ../shared/data and never leave the machine.
#
# The two passes run at the same time (each its own --basetemp; the servers of the
# tests take free ports): much of a pass is waiting on Streamlit, chromium and
# PostgreSQL, which the other pass fills. FSDASH_TEST_PASSES=sequential runs them
# one after the other, as before. Each pass prints its 30 slowest tests.
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
    for _ in $(seq 50); do pg_ready && break; sleep 0.2; done
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/fsdash-tests.XXXXXX")"
trap 'rm -rf "$work"' EXIT

sqlite_pass() {
    echo "== Suite complète sur SQLite =="
    .venv/bin/python -m pytest --basetemp "$work/sqlite" -o cache_dir=.pytest_cache/sqlite "$@"
}
pg_pass() {
    echo "== Suite complète sur PostgreSQL ($FSDASH_PG_URL) =="
    FSDASH_TEST_DATABASE_URL="$FSDASH_PG_URL" \
        .venv/bin/python -m pytest --basetemp "$work/pg" -o cache_dir=.pytest_cache/pg "$@"
}

if ! pg_ready; then
    if [[ -n "${CI:-}" ]]; then
        echo "PostgreSQL injoignable ($FSDASH_PG_URL) : la suite doit aussi passer sur PostgreSQL." >&2
        exit 1
    fi
    echo "PostgreSQL injoignable ($FSDASH_PG_URL) : seconde passe sautée sur ce poste." >&2
    sqlite_pass "$@"
    exit
fi

if [[ "${FSDASH_TEST_PASSES:-parallel}" == "sequential" ]]; then
    status=0
    sqlite_pass "$@" || status=$?
    pg_pass "$@" || status=$?
    exit "$status"
fi

# Side by side; each pass's output is printed whole when it ends, not interleaved.
sqlite_pass "$@" >"$work/sqlite.log" 2>&1 &
sqlite_pid=$!
pg_pass "$@" >"$work/pg.log" 2>&1 &
pg_pid=$!
sqlite_status=0
pg_status=0
wait "$sqlite_pid" || sqlite_status=$?
cat "$work/sqlite.log"
wait "$pg_pid" || pg_status=$?
cat "$work/pg.log"
echo "SQLite : code $sqlite_status ; PostgreSQL : code $pg_status"
(( sqlite_status == 0 && pg_status == 0 ))
