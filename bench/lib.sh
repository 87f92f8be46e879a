# Shared helpers for bench/seed, bench/prune and bench/prune-alone. Sourced, not executed.
# Database connection: BENCH_DB_HOST / BENCH_DB_PORT / BENCH_DB_USER / BENCH_DB_PASSWORD.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

DB_HOST="${BENCH_DB_HOST:-127.0.0.1}"
DB_PORT="${BENCH_DB_PORT:-3306}"
DB_USER="${BENCH_DB_USER:-root}"
DB_PASSWORD="${BENCH_DB_PASSWORD:-}"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# A failing command ends a script that sources this (set -e): say which, rather than ending
# without a word; with set -E, failures inside functions too. Only in the script's own shell:
# inside $(...) a failure may be expected, and one that is not fails the command around it,
# which is reported then.
trap 'err_rc=$?; [ "$BASH_SUBSHELL" -gt 0 ] || log "ERROR: line $LINENO: $BASH_COMMAND (exit status $err_rc)"' ERR

# sql DB STATEMENTS... : batch mode, tab-separated, no column names.
sql() {
    local db="$1"; shift
    MYSQL_PWD="$DB_PASSWORD" mariadb -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" \
        --batch --skip-column-names ${db:+"$db"} -e "$*"
}

# Reads one number (or string) from the server.
sql1() { sql "$@" | head -n1; }

now_ms() { date +%s%3N; }

# kv FILE KEY: a value from a key=value file
kv() { sed -n "s/^$2=//p" "$1" | head -n1; }

# median: the median of the numbers on stdin, one per line
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

need_cmd() { command -v "$1" >/dev/null 2>&1; }

# apt_need CMD PACKAGE: installs PACKAGE with apt-get when CMD is missing.
apt_need() {
    local cmd="$1" pkg="$2"
    need_cmd "$cmd" && return 0
    log "installing $pkg (for $cmd) with apt-get"
    if [ "$(id -u)" -eq 0 ]; then
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg"; } >&2 \
            || die "apt-get install $pkg failed"
    else
        { sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg"; } >&2 \
            || die "apt-get install $pkg failed (need root or sudo)"
    fi
    need_cmd "$cmd" || die "$cmd still missing after installing $pkg"
}

db_ping() {
    MYSQL_PWD="$DB_PASSWORD" mariadb-admin -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" ping >/dev/null 2>&1
}

# InnoDB purge backlog (history list length); same query on MySQL 8 and MariaDB.
history_len() {
    sql1 "" "SELECT count FROM information_schema.INNODB_METRICS WHERE name = 'trx_rseg_history_len'"
}

# wait_purge LIMIT TIMEOUT_S: waits until the history list is below LIMIT; prints the last value.
wait_purge() {
    local limit="$1" timeout="$2" start h
    start=$(date +%s)
    while :; do
        h=$(history_len)
        if [ -z "$h" ] || [ "$h" -lt "$limit" ] || [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
            echo "${h:-unknown}"
            return 0
        fi
        sleep 2
    done
}

# wait_quiet NAME MAX_S CORES: waits (up to MAX_S seconds, in 3 s samples) until fewer than CORES
# CPU cores are busy, so that a build running next to a benchmark does not count; says so when it
# has to wait, and warns when the machine stays busy; prints the last sample's busy cores. The
# database counts: after seeding it may still be flushing pages or purging.
wait_quiet() {
    local name="$1" max_s="$2" cores="$3" busy b0 d0 db_busy db_pid waited=0 what
    db_pid=$(pidof mariadbd mysqld 2>/dev/null | awk '{print $1}')
    while :; do
        b0=$(cpu_busy_ticks) d0=$(proc_ticks "${db_pid:-0}"); sleep 3; waited=$((waited + 3))
        busy=$(echo "scale=2; ($(cpu_busy_ticks) - $b0) / 300" | bc)
        db_busy=$(echo "scale=2; ($(proc_ticks "${db_pid:-0}") - $d0) / 300" | bc)
        [ "$(echo "$busy < $cores" | bc)" = 1 ] && break
        what="$busy CPU cores busy, $db_busy of them the database server"
        if [ "$waited" -ge "$max_s" ]; then
            log "$name: WARNING: the machine is still busy ($what): results will be noisy"
            break
        fi
        [ "$waited" = 3 ] && log "$name: the machine is busy ($what): waiting up to ${max_s}s for it to calm down"
    done
    echo "$busy"
}

# ---- the service under test ------------------------------------------------------------------
SERVICE_PID=""

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# management_port PORT: the management port (health, metrics) of the service on HTTP port PORT
management_port() { echo $(($1 + 10000)); }

# start_service APP_DIR DB PORT LOGFILE [VAR=value...]: starts the packaged jar with the bench
# database, its management interface on $(management_port PORT), an idle timeout longer than
# any prune run (POST /admin/prune answers only when its run ends, and the service's own 75 s
# would cut the connection of a longer one), and waits until
# /q/health/ready answers 200 there (at most 120 s).
start_service() {
    local app="$1" db="$2" port="$3" logfile="$4"; shift 4
    local mport; mport=$(management_port "$port")
    [ -f "$app/quarkus-run.jar" ] || die "no $app/quarkus-run.jar"
    port_in_use "$port" && die "port $port is already in use (choose another with --port)"
    port_in_use "$mport" && die "port $mport (management, --port + 10000) is already in use (choose another --port)"
    env QUARKUS_DATASOURCE_JDBC_URL="jdbc:mysql://$DB_HOST:$DB_PORT/$db" \
        QUARKUS_DATASOURCE_USERNAME="$DB_USER" \
        QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
        QUARKUS_HTTP_PORT="$port" \
        QUARKUS_MANAGEMENT_PORT="$mport" \
        CLOAKROOM_SESSION_COOKIE_SECURE=false \
        QUARKUS_HTTP_IDLE_TIMEOUT=30M \
        "$@" \
        java ${BENCH_APP_JAVA_OPTS:-} -jar "$app/quarkus-run.jar" >"$logfile" 2>&1 &
    SERVICE_PID=$!
    local i code
    for i in $(seq 1 240); do
        if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
            SERVICE_PID=""
            tail -n 30 "$logfile" >&2
            die "the service exited during start-up (log: $logfile)"
        fi
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$mport/q/health/ready" || true)
        [ "$code" = 200 ] && return 0
        sleep 0.5
    done
    stop_service
    die "the service did not become ready within 120 s (log: $logfile)"
}

# admin_token: logs in as $ADMIN_LOGIN / $ADMIN_PASSWORD at $BASE_URL and prints the session
# token (nothing when the login fails)
admin_token() {
    local body
    body=$(curl -s -m 30 -X POST -H 'Content-Type: application/json' \
        -d "{\"loginName\":\"$ADMIN_LOGIN\",\"password\":\"$ADMIN_PASSWORD\"}" "$BASE_URL/sessions") || true
    jq -r '.token // empty' <<<"$body" 2>/dev/null || true
}

stop_service() {
    [ -n "$SERVICE_PID" ] || return 0
    kill "$SERVICE_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do
        kill -0 "$SERVICE_PID" 2>/dev/null || { wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=""; return 0; }
        sleep 0.5
    done
    kill -9 "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=""
}

# ---- CPU accounting (Linux /proc; clock ticks of 1/100 s) -----------------------------------------
# cpu_busy_ticks: ticks all CPUs spent busy (not idle, not waiting for I/O) since boot, counting
# the ticks the hypervisor gave to other guests while this one had work (steal)
cpu_busy_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6 }' /proc/stat; }
# cpu_steal_ticks: of those, the stolen ones: on a shared virtual machine, CPU time the host gave
# to other guests while this one wanted to run. Nothing inside the machine shows it otherwise.
cpu_steal_ticks() { awk '/^cpu / { print $9 }' /proc/stat; }
# proc_fields PID: the fields of /proc/PID/stat after the command name (which may hold spaces),
# so that $1 is the state, $3 the process group, $12/$13 user/system ticks and $14/$15 those of
# reaped children; fails when the process is gone
proc_fields() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    echo "${stat##*) }"
}
# proc_ticks PID: user + system ticks of one process (0 when it is gone)
proc_ticks() {
    { proc_fields "${1:-0}" || true; } | awk '{ t = $12 + $13 } END { print t + 0 }'
}
# reaped_ticks: user + system ticks of every finished child of this script (pt-archiver, the
# mariadb client, curl, ...), read from the script's own /proc entry
reaped_ticks() { proc_fields $$ | awk '{ print $14 + $15 }'; }
# foreign_ticks DB_PID: user + system ticks of the user-space processes that are not this
# benchmark's (its process group: the script, the service, the driver, the prune tools) and not
# the database server: a build or a test suite running next to the benchmark. Kernel threads
# (children of kthreadd, pid 2) are left out. A process that started since an earlier reading
# counts in full; one that ended since then is missed.
foreign_ticks() {
    local own_pg
    own_pg=$(proc_fields $$ | awk '{ print $3 }')
    # a process that ends between the glob and the read makes cat fail: not an error here
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | sed 's/^\([0-9]*\) (.*) /\1 /' |
        awk -v pg="$own_pg" -v db="${1:-0}" '$1 != db && $1 != 2 && $3 != 2 && $4 != pg { t += $13 + $14 } END { print t + 0 }'
}

# innodb_io: "<buffer pool misses (pages read from disk)> <fsyncs>" since the server started
innodb_io() {
    sql "" "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_reads', 'Innodb_data_fsyncs')" \
        | awk '$1 == "Innodb_buffer_pool_reads" { r = $2 } $1 == "Innodb_data_fsyncs" { f = $2 } END { print r + 0, f + 0 }'
}

# kill_db_queries DB [MIN_SECONDS]: aborts the sweep's DELETE (tagged /* bench-sweep */) and any
# other statement that has been running in DB for MIN_SECONDS or more (default: none). A sweep
# whose client was killed would otherwise go on deleting and hold the table's locks.
kill_db_queries() {
    local id
    for id in $(sql "" "SELECT ID FROM information_schema.PROCESSLIST
                        WHERE DB = '$1' AND COMMAND = 'Query' AND ID <> CONNECTION_ID()
                          AND (INFO LIKE '%bench-sweep%' OR TIME >= ${2:-999999999})"); do
        log "killing statement $id still running in $1"
        sql "" "KILL QUERY $id" 2>/dev/null || true
    done
}

# lock_db DB: one benchmark per database on this machine at a time (bench/prune holds the lock
# for its whole run and passes it on to the bench/seed it calls).
lock_db() {
    [ "${BENCH_DB_LOCKED:-}" = "$1" ] && return 0
    exec 9>"/tmp/cloakroom-bench-$1.lock"
    flock -n 9 || die "another bench/prune or bench/seed is using the database $1 right now (lock /tmp/cloakroom-bench-$1.lock); wait for it, or use --db and --port of your own"
    export BENCH_DB_LOCKED="$1"
}
