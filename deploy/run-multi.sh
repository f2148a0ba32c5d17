#!/bin/sh
# Several Streamlit processes of the atlas behind nginx with sticky sessions, on loopback.
#   deploy/run-multi.sh [PROCESSES] [PORT]     (defaults: 2 processes, nginx on 127.0.0.1:8500)
# Backends listen on 127.0.0.1:PORT+1 … PORT+PROCESSES. Needs `make setup` and nginx
# (Debian: apt-get install nginx). Ctrl-C (or SIGTERM) stops everything it started.
set -eu
N=${1:-2}
PORT=${2:-8500}
HOST=${ATLAS_HOST:-127.0.0.1}
cd "$(dirname "$0")/.."
RUN=$(mktemp -d)
# One cookie secret for all processes (Streamlit's advice for replicas); never written to the repo.
STREAMLIT_SERVER_COOKIE_SECRET=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')
export STREAMLIT_SERVER_COOKIE_SECRET
# Fewer malloc arenas: a threaded server returns freed memory instead of keeping it per thread.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

PIDS=""
SERVERS=""
ROUTES=""
for i in $(seq 1 "$N"); do
    P=$((PORT + i))
    .venv/bin/python -m streamlit run app.py --server.address 127.0.0.1 --server.port "$P" \
        --server.headless true --server.fileWatcherType none >"$RUN/streamlit-$P.log" 2>&1 &
    PIDS="$PIDS $!"
    SERVERS="$SERVERS        server 127.0.0.1:$P max_fails=0;\n"
    ROUTES="$ROUTES        \"127.0.0.1:$P\" 127.0.0.1:$P;\n"
done
sed -e "s#@RUN@#$RUN#g" -e "s#@LISTEN@#$HOST:$PORT#" -e "s#@SERVERS@#$SERVERS#" -e "s#@ROUTES@#$ROUTES#" deploy/nginx.conf >"$RUN/nginx.conf"
echo "$PIDS" | tr ' ' '\n' | sed '/^$/d' | paste -sd, >"$RUN/backend.pids"

stop() {
    [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
    for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$RUN"
}
trap stop EXIT
trap 'exit 130' INT TERM

for i in $(seq 1 "$N"); do
    P=$((PORT + i))
    until .venv/bin/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$P/_stcore/health', timeout=1)" 2>/dev/null; do
        sleep 0.5
    done
done
nginx -e "$RUN/nginx-error.log" -c "$RUN/nginx.conf" -g 'daemon off;' &
NGINX=$!
until .venv/bin/python -c "import urllib.request as u; u.urlopen('http://$HOST:$PORT/_stcore/health', timeout=1)" 2>/dev/null; do
    kill -0 "$NGINX" 2>/dev/null || { cat "$RUN/nginx-error.log" >&2; exit 1; }
    sleep 0.5
done
echo "atlas on http://$HOST:$PORT ($N processes: pids $(cat "$RUN/backend.pids"), files in $RUN)"
wait "$NGINX"
