#!/usr/bin/env bash
# Install everything and start the dashboard on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
# The official files: downloaded once when missing (the only network access of fsdash).
if ! .venv/bin/python -c "from fsdash.config import get_settings as g; s = g(); exit(not (s.sites_path.exists() and s.contours_path.exists()))"; then
    .venv/bin/python -m fsdash fetch || echo "Téléchargement impossible : le tableau de bord expliquera où placer les fichiers."
fi
# One person on their own machine: listen on loopback only and, unless a login is
# configured (.streamlit/secrets.toml), use the explicit local mode as administrator,
# for whoever opens the address below: it carries a secret token made at each start
# (other users of the machine, SSH forwards and proxies do not get local mode).
PORT="${FSDASH_PORT:-8501}"
if [[ ! -f .streamlit/secrets.toml ]]; then
    export FSDASH_LOCAL_MODE="${FSDASH_LOCAL_MODE:-1}"
    export FSDASH_LOCAL_USER="${FSDASH_LOCAL_USER:-${USER:-moi}@localhost}"
    export FSDASH_ADMINS="${FSDASH_ADMINS:-$FSDASH_LOCAL_USER}"
    FSDASH_LOCAL_TOKEN="$(.venv/bin/python -c 'from fsdash.domain.local_mode import new_token; print(new_token())')"
    export FSDASH_LOCAL_TOKEN
    echo
    echo "  Mode local : ouvrez cette adresse (elle contient un jeton secret, ne la partagez pas) :"
    echo "  http://localhost:${PORT}/?jeton=${FSDASH_LOCAL_TOKEN}"
    echo
else
    unset FSDASH_LOCAL_MODE FSDASH_LOCAL_TOKEN
fi
exec .venv/bin/streamlit run app.py --server.address 127.0.0.1 --server.port "$PORT" "$@"
