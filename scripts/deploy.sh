#!/usr/bin/env bash
# Déploiement sur une machine : nginx devant plusieurs processus du tableau de
# bord, qui partagent une base PostgreSQL.
#
#   scripts/deploy.sh start    installe nginx s'il manque, crée la base si besoin,
#                              démarre les processus puis nginx, attend que le
#                              contrôle de santé réponde à travers nginx
#   scripts/deploy.sh stop     arrête nginx puis les processus
#   scripts/deploy.sh status   ce qui tourne (code 0 : tout répond ; 3 : arrêté ;
#                              1 : en partie seulement)
#
# Variables d'environnement (toutes facultatives) :
#   FSDASH_DATABASE_URL   base partagée (défaut postgresql+psycopg://postgres@127.0.0.1:5432/fsdash_deploy)
#   FSDASH_PROCESSES      nombre de processus du tableau de bord (défaut 2)
#   FSDASH_PORTS          leurs ports, séparés par des espaces (défaut : 8501, 8502, …
#                         à partir de FSDASH_FIRST_PORT, défaut 8501)
#   FSDASH_NGINX_ADDRESS  adresse d'écoute de nginx (défaut 127.0.0.1)
#   FSDASH_NGINX_PORT     port de nginx (défaut 8080)
#   FSDASH_DEPLOY_DIR     dossier des journaux, pid et configuration (défaut .deploy/)
#   FSDASH_PYTHON         Python de l'environnement du projet (défaut .venv/bin/python)
#   FSDASH_NGINX          programme nginx (défaut : celui du PATH, ou /usr/sbin/nginx)
#   FSDASH_NGINX_DEBUG=1  ajoute l'en-tête X-Fsdash-Upstream (processus qui a répondu)
#   FSDASH_START_TIMEOUT  secondes d'attente au démarrage (défaut 90)
#   FSDASH_STATIC_CACHE   dossier des fichiers de Streamlit précompressés que nginx sert
#                         lui-même (défaut : nginx/static dans le dossier de déploiement)
#   FSDASH_NGINX_BROTLI=0 ne pas installer ni charger les modules brotli de nginx
#   FSDASH_APP            script Streamlit lancé (défaut app.py ; scripts/bench_serving.py y
#                         met une page nue pour la mesurer derrière le même nginx)
# Les autres variables FSDASH_* (FSDASH_DATA_DIR, FSDASH_ADMINS, FSDASH_TILES_URL…)
# sont transmises aux processus, sauf le mode local (voir plus bas).
#
# Aucun nginx du système n'est utilisé ni modifié : celui-ci a son propre préfixe,
# sa configuration, son pid et ses journaux dans le dossier de déploiement.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=${FSDASH_DEPLOY_DIR:-$ROOT/.deploy}
TEMPLATE=$ROOT/deploy/nginx.conf.template
PYTHON=${FSDASH_PYTHON:-$ROOT/.venv/bin/python}
DATABASE_URL=${FSDASH_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/fsdash_deploy}
PROCESSES=${FSDASH_PROCESSES:-2}
FIRST_PORT=${FSDASH_FIRST_PORT:-8501}
NGINX_ADDRESS=${FSDASH_NGINX_ADDRESS:-127.0.0.1}
NGINX_PORT=${FSDASH_NGINX_PORT:-8080}
START_TIMEOUT=${FSDASH_START_TIMEOUT:-90}
STATE=$RUN_DIR/deploy.env

say() { printf '%s\n' "$*"; }
die() { printf 'Erreur : %s\n' "$*" >&2; exit 1; }

find_nginx() {
    if [[ -n ${FSDASH_NGINX:-} ]]; then
        printf '%s\n' "$FSDASH_NGINX"
    elif command -v nginx >/dev/null 2>&1; then
        command -v nginx
    elif [[ -x /usr/sbin/nginx ]]; then
        printf '%s\n' /usr/sbin/nginx
    fi
}

# A process we started: its pid file names a live (not zombie) process whose
# command line contains the expected word. Prints the pid.
owned_pid() {
    local file=$1 word=$2 pid stat
    [[ -f $file ]] || return 1
    pid=$(<"$file")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    stat=$(ps -o stat= -p "$pid" 2>/dev/null) || return 1
    [[ $stat != Z* ]] || return 1
    [[ $(ps -o args= -p "$pid" 2>/dev/null) == *"$word"* ]] || return 1
    printf '%s\n' "$pid"
}

# Something already listens on address:port.
port_in_use() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# GET /_stcore/health on address:port answers 200 (plain bash, no curl needed).
healthy() {
    local status
    status=$(exec 2>/dev/null
             exec 3<>"/dev/tcp/$1/$2" || exit 1
             printf 'GET /_stcore/health HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$1" "$2" >&3
             timeout 5 head -n 1 <&3) || return 1
    [[ $status == "HTTP/1."?" 200"* ]]
}

wait_healthy() {  # address port what
    local deadline=$((SECONDS + START_TIMEOUT))
    until healthy "$1" "$2"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.3
    done
}

stop_pid() {  # pid seconds-before-KILL signal
    local pid=$1 wait=$2 signal=${3:-TERM} deadline
    kill "-$signal" "$pid" 2>/dev/null || return 0
    deadline=$((SECONDS + wait))
    while kill -0 "$pid" 2>/dev/null && [[ $(ps -o stat= -p "$pid" 2>/dev/null) != Z* ]]; do
        if ((SECONDS >= deadline)); then
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
}

ports_list() {
    if [[ -n ${FSDASH_PORTS:-} ]]; then
        printf '%s\n' "$FSDASH_PORTS"
    else
        local i ports=()
        for ((i = 0; i < PROCESSES; i++)); do ports+=($((FIRST_PORT + i))); done
        printf '%s\n' "${ports[*]}"
    fi
}

install_nginx() {
    if ! command -v apt-get >/dev/null 2>&1; then
        die "nginx est introuvable et apt-get n'est pas disponible : installez nginx (paquet « nginx » de votre distribution) ou indiquez son chemin dans FSDASH_NGINX."
    fi
    local sudo=()
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "nginx est introuvable : installez-le en administrateur (apt-get install nginx)."
        sudo=(sudo)
    fi
    say "nginx est introuvable : installation du paquet Debian « nginx »…"
    "${sudo[@]}" apt-get install -y nginx
    say "Remarque : sur un système avec systemd, le paquet démarre aussi le nginx du système (port 80) ;"
    say "ce déploiement ne s'en sert pas (« systemctl disable --now nginx » pour l'arrêter)."
}

create_database() {
    "$PYTHON" - "$DATABASE_URL" <<'EOF'
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

url = make_url(sys.argv[1])
if url.get_backend_name() != "postgresql":
    print(f"Base {url.get_backend_name()} : rien à créer (PostgreSQL est conseillé pour plusieurs processus).")
    sys.exit(0)
admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
try:
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                              {"name": url.database}).scalar()
        if exists:
            print(f"Base PostgreSQL « {url.database} » : déjà là.")
        else:
            quoted = '"' + url.database.replace('"', '""') + '"'
            conn.execute(text(f"CREATE DATABASE {quoted}"))
            print(f"Base PostgreSQL « {url.database} » : créée.")
except Exception as exc:  # noqa: BLE001 - any failure is reported the same way
    print(f"Erreur : le serveur PostgreSQL de {url.render_as_string(hide_password=True)} "
          f"ne répond pas ou refuse la création : {exc}", file=sys.stderr)
    sys.exit(1)
finally:
    admin.dispose()
EOF
}

# nginx's brotli modules (Debian: libnginx-mod-http-brotli-filter and -static),
# installed with apt-get when missing and possible; without them, gzip only.
BROTLI_MODULES=(/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
                /usr/lib/nginx/modules/ngx_http_brotli_static_module.so)
brotli_ready() {
    [[ ${FSDASH_NGINX_BROTLI:-1} != 0 && -f ${BROTLI_MODULES[0]} && -f ${BROTLI_MODULES[1]} ]]
}
install_brotli() {
    [[ ${FSDASH_NGINX_BROTLI:-1} != 0 ]] || return 0
    brotli_ready && return 0
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "Modules brotli de nginx absents : installation des paquets Debian…"
        apt-get install -y libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static >/dev/null 2>&1 || true
    fi
    brotli_ready || say "Modules brotli de nginx indisponibles : compression gzip seulement."
}

render_config() {  # ports...
    local conf user_directive="" servers="" debug="" port modules="" brotli="" brotli_static=""
    if [[ $(id -u) == 0 ]]; then
        if id www-data >/dev/null 2>&1; then user_directive="user www-data;"; else user_directive="user nobody nogroup;"; fi
    fi
    for port in "$@"; do
        servers+="        server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
    done
    if [[ ${FSDASH_NGINX_DEBUG:-} == 1 ]]; then
        debug='add_header X-Fsdash-Upstream $upstream_addr always;'
    fi
    if brotli_ready; then
        modules="load_module ${BROTLI_MODULES[0]};"$'\n'"load_module ${BROTLI_MODULES[1]};"
        brotli="brotli on; brotli_comp_level 5; brotli_min_length 1024; brotli_types text/css text/plain text/csv"
        brotli+=" text/xml application/javascript text/javascript application/json application/geo+json"
        brotli+=" application/manifest+json image/svg+xml image/x-icon font/ttf font/otf;"
        brotli_static="brotli_static on;"
    fi
    conf=$(<"$TEMPLATE")
    # The template's opening comment (up to its first blank line) documents the
    # placeholders: not copied.
    conf="# Written by scripts/deploy.sh from deploy/nginx.conf.template: edit the template."$'\n\n'"${conf#*$'\n\n'}"
    conf=${conf//'{{RUN_DIR}}'/"$RUN_DIR/nginx"}
    conf=${conf//'{{USER_DIRECTIVE}}'/"$user_directive"}
    conf=${conf//'{{LISTEN}}'/"$NGINX_ADDRESS:$NGINX_PORT"}
    conf=${conf//'{{UPSTREAM_SERVERS}}'/"${servers%$'\n'}"}
    conf=${conf//'{{DEBUG_HEADERS}}'/"$debug"}
    conf=${conf//'{{LOAD_MODULES}}'/"$modules"}
    conf=${conf//'{{BROTLI}}'/"$brotli"}
    conf=${conf//'{{BROTLI_STATIC}}'/"$brotli_static"}
    conf=${conf//'{{STREAMLIT_STATIC}}'/"$STREAMLIT_STATIC"}
    [[ ! $conf =~ \{\{[A-Z_]+\}\} ]] || die "un paramètre du modèle $TEMPLATE n'a pas été remplacé."
    printf '%s\n' "$conf" >"$RUN_DIR/nginx/nginx.conf"
    # Run as root, nginx's workers run as www-data: they must reach their
    # temporary files (uploads, large responses).
    if [[ -n $user_directive ]]; then
        local worker=${user_directive#user }
        worker=${worker%%[ ;]*}
        chown -R "$worker" "$RUN_DIR/nginx/tmp"
        if command -v runuser >/dev/null 2>&1 && ! runuser -u "$worker" -- test -w "$RUN_DIR/nginx/tmp"; then
            die "l'utilisateur $worker des processus nginx ne peut pas écrire dans $RUN_DIR/nginx/tmp (un dossier parent lui est fermé) : choisissez un autre dossier avec FSDASH_DEPLOY_DIR."
        fi
    fi
}

nginx_cmd() {  # arguments for our nginx instance
    local args=(-p "$RUN_DIR/nginx/" -c "$RUN_DIR/nginx/nginx.conf")
    # -e (nginx 1.19.5 and later): errors before the configuration is read go to
    # our log too, not to the compiled-in one.
    if "$NGINX" -h 2>&1 | grep -q -- '-e filename'; then
        args+=(-e "$RUN_DIR/nginx/error.log")
    fi
    "$NGINX" "${args[@]}" "$@"
}

tail_log() {
    [[ -f $1 ]] || return 0
    printf -- '--- fin de %s ---\n' "$1" >&2
    tail -n 20 "$1" >&2
}

start() {
    if [[ -f $STATE ]] && running_anything; then
        die "le déploiement tourne déjà ($RUN_DIR) : « $0 status » pour le voir, « $0 stop » pour l'arrêter."
    fi
    NGINX=$(find_nginx)
    if [[ -z $NGINX ]]; then
        install_nginx
        NGINX=$(find_nginx)
        [[ -n $NGINX ]] || die "nginx reste introuvable après l'installation."
    fi
    [[ -x $PYTHON ]] || die "Python du projet introuvable ($PYTHON) : lancez d'abord scripts/setup.sh ou indiquez FSDASH_PYTHON."
    "$PYTHON" -c "import streamlit" 2>/dev/null || die "streamlit n'est pas installé dans $PYTHON."
    [[ -d $ROOT/static/vendor ]] || die "static/vendor/ manque (Leaflet) : lancez « $PYTHON scripts/install_assets.py »."

    [[ $PROCESSES =~ ^[1-9][0-9]?$ ]] || die "FSDASH_PROCESSES doit être un nombre de 1 à 99 (et non « $PROCESSES »)."
    [[ $FIRST_PORT =~ ^[0-9]+$ && $NGINX_PORT =~ ^[0-9]+$ ]] || die "FSDASH_FIRST_PORT et FSDASH_NGINX_PORT doivent être des nombres."
    local ports
    read -r -a ports <<<"$(ports_list)"
    ((${#ports[@]} >= 1)) || die "aucun port pour les processus (FSDASH_PORTS ou FSDASH_PROCESSES)."
    local port
    for port in "${ports[@]}"; do
        [[ $port =~ ^[0-9]+$ ]] || die "port invalide : « $port »."
        ! port_in_use 127.0.0.1 "$port" || die "le port $port est déjà pris (choisissez-en d'autres avec FSDASH_PORTS ou FSDASH_FIRST_PORT)."
    done
    ! port_in_use "$NGINX_ADDRESS" "$NGINX_PORT" || die "le port $NGINX_PORT de $NGINX_ADDRESS est déjà pris (FSDASH_NGINX_PORT)."

    mkdir -p "$RUN_DIR/nginx/tmp"
    {
        printf 'PORTS=%q\n' "${ports[*]}"
        printf 'NGINX_ADDRESS=%q\nNGINX_PORT=%q\nNGINX=%q\n' "$NGINX_ADDRESS" "$NGINX_PORT" "$NGINX"
        printf 'DATABASE=%q\n' "$("$PYTHON" -c 'import sys; from sqlalchemy.engine import make_url; print(make_url(sys.argv[1]).render_as_string(hide_password=True))' "$DATABASE_URL")"
    } >"$STATE"
    # From here on, a failure stops whatever was started.
    trap 'say "Échec du démarrage : arrêt de ce qui a été lancé." >&2; stop >/dev/null 2>&1 || true' EXIT

    create_database
    export FSDASH_DATABASE_URL=$DATABASE_URL
    # The schema and the first site list, once, before the processes start (both
    # would otherwise do it on their first visitor, one waiting for the other).
    (cd "$ROOT" && "$PYTHON" -m fsdash site-versions >/dev/null) \
        || die "la base n'a pas pu être préparée (python -m fsdash site-versions)."

    # Local mode makes whoever reaches a process listening on loopback an
    # administrator. Behind nginx every visitor reaches the processes through
    # loopback: it must never be on here.
    if [[ -n ${FSDASH_LOCAL_MODE:-} ]]; then
        say "FSDASH_LOCAL_MODE ignoré : derrière nginx, tout visiteur passerait par la boucle locale et serait administrateur."
    fi

    local i=0
    for port in "${ports[@]}"; do
        i=$((i + 1))
        # setsid: the process outlives this script and the terminal that ran it.
        (cd "$ROOT" && exec env -u FSDASH_LOCAL_MODE -u FSDASH_LOCAL_USER setsid "$PYTHON" -m streamlit run "${FSDASH_APP:-app.py}" \
            --server.address 127.0.0.1 --server.port "$port" --server.headless true \
            --browser.gatherUsageStats false \
            </dev/null >"$RUN_DIR/streamlit-$i.log" 2>&1) &
        printf '%s\n' "$!" >"$RUN_DIR/streamlit-$i.pid"
    done
    i=0
    for port in "${ports[@]}"; do
        i=$((i + 1))
        if ! wait_healthy 127.0.0.1 "$port"; then
            tail_log "$RUN_DIR/streamlit-$i.log"
            die "le processus $i (port $port) ne répond pas à son contrôle de santé après $START_TIMEOUT s."
        fi
        say "Processus $i : http://127.0.0.1:$port (pid $(<"$RUN_DIR/streamlit-$i.pid"))"
    done

    install_brotli
    # Streamlit's own files, precompressed once per Streamlit version, served by nginx.
    STREAMLIT_STATIC=$("$PYTHON" "$ROOT/scripts/precompress_static.py" "${FSDASH_STATIC_CACHE:-$RUN_DIR/nginx/static}") \
        || die "les fichiers de Streamlit n'ont pas pu être préparés pour nginx (scripts/precompress_static.py)."
    render_config "${ports[@]}"
    if ! nginx_cmd -t -q; then
        tail_log "$RUN_DIR/nginx/error.log"
        die "configuration nginx refusée ($RUN_DIR/nginx/nginx.conf)."
    fi
    # Its own log for what nginx prints before daemonizing: nothing keeps this
    # script's output open afterwards.
    nginx_cmd </dev/null >>"$RUN_DIR/nginx/error.log" 2>&1
    if ! wait_healthy "$NGINX_ADDRESS" "$NGINX_PORT"; then
        tail_log "$RUN_DIR/nginx/error.log"
        die "nginx ne transmet pas le contrôle de santé (http://$NGINX_ADDRESS:$NGINX_PORT/_stcore/health)."
    fi
    trap - EXIT
    say "nginx : http://$NGINX_ADDRESS:$NGINX_PORT/ (pid $(<"$RUN_DIR/nginx/nginx.pid"))"
    say "Tableau de bord prêt : http://$NGINX_ADDRESS:$NGINX_PORT/ — journaux dans $RUN_DIR"
}

running_anything() {
    local file
    owned_pid "$RUN_DIR/nginx/nginx.pid" "$RUN_DIR/nginx/" >/dev/null && return 0
    for file in "$RUN_DIR"/streamlit-*.pid; do
        owned_pid "$file" "streamlit run" >/dev/null && return 0
    done
    return 1
}

stop() {
    local pid file stopped=0
    if [[ -f $STATE ]]; then
        # shellcheck disable=SC1090
        source "$STATE"
    fi
    if pid=$(owned_pid "$RUN_DIR/nginx/nginx.pid" "$RUN_DIR/nginx/"); then
        # QUIT: finish the requests under way. Open websockets would keep the
        # workers for up to worker_shutdown_timeout (10 s); KILL after 15 s.
        stop_pid "$pid" 15 QUIT
        say "nginx arrêté (pid $pid)."
        stopped=1
    fi
    rm -f "$RUN_DIR/nginx/nginx.pid"
    for file in "$RUN_DIR"/streamlit-*.pid; do
        [[ -f $file ]] || continue
        if pid=$(owned_pid "$file" "streamlit run"); then
            stop_pid "$pid" 10 TERM
            local name=${file##*/streamlit-}
            say "Processus ${name%.pid} arrêté (pid $pid)."
            stopped=1
        fi
        rm -f "$file"
    done
    ((stopped)) || say "Rien ne tournait ($RUN_DIR)."
    rm -f "$STATE"
}

status() {
    if [[ ! -f $STATE ]]; then
        say "Arrêté : aucun déploiement dans $RUN_DIR."
        return 3
    fi
    # shellcheck disable=SC1090
    source "$STATE"
    local ports i=0 port pid up=0 total=0
    read -r -a ports <<<"$PORTS"
    say "Base : $DATABASE"
    for port in "${ports[@]}"; do
        i=$((i + 1))
        total=$((total + 1))
        if pid=$(owned_pid "$RUN_DIR/streamlit-$i.pid" "streamlit run"); then
            if healthy 127.0.0.1 "$port"; then
                say "Processus $i : en marche, pid $pid, http://127.0.0.1:$port, santé ok"
                up=$((up + 1))
            else
                say "Processus $i : pid $pid, http://127.0.0.1:$port, ne répond pas au contrôle de santé"
            fi
        else
            say "Processus $i (port $port) : arrêté — journal $RUN_DIR/streamlit-$i.log"
        fi
    done
    total=$((total + 1))
    if pid=$(owned_pid "$RUN_DIR/nginx/nginx.pid" "$RUN_DIR/nginx/"); then
        if healthy "$NGINX_ADDRESS" "$NGINX_PORT"; then
            say "nginx : en marche, pid $pid, http://$NGINX_ADDRESS:$NGINX_PORT/, santé ok"
            up=$((up + 1))
        else
            say "nginx : pid $pid, http://$NGINX_ADDRESS:$NGINX_PORT/ ne répond pas au contrôle de santé"
        fi
    else
        say "nginx : arrêté — journal $RUN_DIR/nginx/error.log"
    fi
    ((up == total)) && return 0
    ((up == 0)) && return 3
    return 1
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    status) status ;;
    restart) stop; start ;;
    *)
        say "Utilisation : $0 start|stop|status|restart (variables d'environnement : voir l'en-tête du script)" >&2
        exit 2
        ;;
esac
