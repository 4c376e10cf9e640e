#!/usr/bin/env bash
# Install what fsdash needs, idempotently: a virtual environment with the pinned
# packages, and Leaflet's and the DSFR's files from the npm registry (pinned,
# hash-checked).
# With --test: the test packages too (Python ones, and axe-core from npm), Debian's
# chromium for the browser tests and Debian's nginx for the deployment's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[[ "${1:-}" == "--test" ]] && want_tests=1

apt_install() {
    if command -v apt-get >/dev/null 2>&1; then
        echo "Installation de $* (paquets Debian)…"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        echo "Installez $* avec le gestionnaire de paquets de votre système." >&2
        exit 1
    fi
}

command -v python3 >/dev/null || apt_install python3 python3-venv
command -v npm >/dev/null || apt_install npm

if [[ ! -x .venv/bin/python ]]; then
    echo "Création de l'environnement Python dans .venv…"
    python3 -m venv .venv
fi
requirements=requirements.txt
(( want_tests )) && requirements=requirements-dev.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"

if (( want_tests )); then
    .venv/bin/python scripts/install_assets.py --test   # + axe-core, for the accessibility tests
else
    .venv/bin/python scripts/install_assets.py
fi

if (( want_tests )) && [[ ! -x "${FSDASH_CHROMIUM:-/usr/bin/chromium}" ]]; then
    apt_install chromium
fi

if (( want_tests )) && ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
    apt_install nginx
fi
