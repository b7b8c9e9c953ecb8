#!/usr/bin/env bash
# Postbox against Dovecot on the same machine, the same Maildir tree and the same passwd-file.
#
#   benchmarks/compare-dovecot.sh --quick        # about 10 minutes: 2 rounds, 8 s windows, 1,000 idle sessions
#   benchmarks/compare-dovecot.sh --full         # about 90 minutes: 5 rounds, 30 s windows, 10,000 idle sessions
#   benchmarks/compare-dovecot.sh --modes login-16,retr --rounds 3 --duration 20s
#
# Needs root: it installs Dovecot from Debian's packages when missing (apt-get), runs both
# servers as the mail user, and drops the page cache for the cold maildrop mode. Everything it
# makes goes under --work (default /tmp/postbox-compare): the generated tree (kept and reused
# while its parameters stay the same), the configurations, the logs, and the results, one JSON
# line per run (--results, default <work>/results-<time>.jsonl). Both servers listen on
# 127.0.0.1 only, on ports of their own, and are stopped by their pids at the end.
#
# Modes, each run against both servers in turn (the first server alternates per round):
#   login-16, login-64   a connection per login (USER, PASS, QUIT), 16 or 64 clients at once
#   pop3s-login          the same over implicit TLS (a full handshake each time), 16 clients
#   uidl                 UIDL over and over in 16 sessions (40 messages each)
#   retr                 RETR of mixed sizes (2 KiB to 3 MiB) in 16 sessions, each checked
#   retr-pipelined       the same with 8 RETR in flight per session
#   pop3s-retr           retr over implicit TLS
#   idle                 N sessions log in and stay; RSS and PSS of all the server's processes
#   maildrop-cold        login+STAT+LIST+UIDL+QUIT on 100,000 messages, page cache dropped and server restarted
#   maildrop-warm        the same, again and again, warm
#   lmtp                 LMTP deliveries, 4 connections
set -euo pipefail

here=$(cd -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -- "$here/.." && pwd -P)

all_modes=login-16,login-64,pop3s-login,uidl,retr,retr-pipelined,pop3s-retr,idle,maildrop-cold,maildrop-warm,lmtp
modes=$all_modes
servers=postbox,dovecot
rounds=2
warmup=2s
duration=8s
idle_sessions=1000
big=100000
lmtp_messages=250
settle=70
postbox_java_opts=
work=/tmp/postbox-compare
results=

usage() {
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
    cat <<EOF

Options (defaults are --quick's):
  --quick | --full          presets (full: --rounds 5 --warmup 5s --duration 30s --idle-sessions 10000 --lmtp-messages 1000)
  --modes LIST              comma-separated, from: $all_modes
  --servers LIST            postbox,dovecot (or one of them)
  --rounds N                rounds of every mode ($rounds)
  --warmup T --duration T   per run, e.g. 2s, 30s, 1m ($warmup, $duration)
  --idle-sessions N         sessions of the idle mode ($idle_sessions)
  --lmtp-messages N         messages per LMTP connection ($lmtp_messages)
  --settle SECONDS          after the last run, how long to watch Postbox give memory back ($settle)
  --work DIR                scratch directory ($work)
  --postbox-java-opts OPTS  JAVA_OPTS for postboxd (default: none, bin/postboxd's own defaults)
  --results FILE            JSON lines (<work>/results-<time>.jsonl)
EOF
}

while [ $# -gt 0 ]; do
    case $1 in
        --quick) rounds=2 warmup=2s duration=8s idle_sessions=1000 lmtp_messages=250 ;;
        --full) rounds=5 warmup=5s duration=30s idle_sessions=10000 lmtp_messages=1000 ;;
        --modes) modes=$2; shift ;;
        --servers) servers=$2; shift ;;
        --rounds) rounds=$2; shift ;;
        --warmup) warmup=$2; shift ;;
        --duration) duration=$2; shift ;;
        --idle-sessions) idle_sessions=$2; shift ;;
        --lmtp-messages) lmtp_messages=$2; shift ;;
        --settle) settle=$2; shift ;;
        --work) work=$2; shift ;;
        --postbox-java-opts) postbox_java_opts=$2; shift ;;
        --results) results=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare-dovecot.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
    shift
done

if [ "$(id -u)" -ne 0 ]; then
    echo "compare-dovecot.sh: run as root (apt-get, the mail user, drop_caches)" >&2
    exit 77
fi

# ---------------------------------------------------------------------------------------------
# What is needed: Dovecot, the built distribution and benchmarks.
if [ ! -x /usr/sbin/dovecot ] || [ ! -x /usr/lib/dovecot/pop3 ] || [ ! -x /usr/lib/dovecot/lmtp ]; then
    echo "== installing dovecot-pop3d and dovecot-lmtpd"
    apt-get update -qq
    # Only the packages; the system service is left alone (we start our own instance).
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-pop3d dovecot-lmtpd >/dev/null
fi
dist=$root/distribution/target/postbox
bench_jar=$root/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar
if [ ! -x "$dist/bin/postboxd" ] || [ ! -f "$bench_jar" ] || [ ! -f "$root/benchmarks/target/classpath.txt" ]; then
    echo "== building Postbox (./mvnw package -DskipTests)"
    (cd "$root" && ./mvnw -B -q package -DskipTests -Dfuzz.skip=true)
fi
cp="$(cat "$root/benchmarks/target/classpath.txt"):$bench_jar"
# The load generator gets a heap of its own that never makes it wait on the collector.
client_java=(java -Xms512m -Xmx2g -XX:+UseParallelGC -cp "$cp")

mkdir -p "$work"
chmod 755 "$work"
results=${results:-$work/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
memory_report=${results%.jsonl}-memory.txt
: > "$memory_report"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # the idle mode needs a descriptor per session on each side
# A Postbox session holds two descriptors (its socket and its maildrop's lock file), all in one
# process; where the hard limit cannot hold them, measure fewer sessions rather than fail.
fd_limit=$(ulimit -n)
if [ "$fd_limit" != unlimited ] && [ $((2 * idle_sessions + 500)) -gt "$fd_limit" ]; then
    echo "== the descriptor limit here is $fd_limit: idle sessions lowered from $idle_sessions to $(((fd_limit - 500) / 2))" >&2
    idle_sessions=$(((fd_limit - 500) / 2))
fi

# ---------------------------------------------------------------------------------------------
# The tree, the passwd-file and a certificate, shared by both servers.
data=$work/data
echo "== generating the tree in $data (reused when it exists)"
# At least 10,000 idle mailboxes, so that quick and full runs share one tree.
"${client_java[@]}" org.postbox.benchmarks.compare.TreeGenerator dir="$data" mailboxes=64 messages=40 \
    idle=$((idle_sessions > 10000 ? idle_sessions : 10000)) big="$big" || {
    echo "compare-dovecot.sh: remove $data (made with other parameters) or pass another --work" >&2
    exit 65
}
chown -R mail:mail "$data"
mkdir -p "$work/tls"
if [ ! -f "$work/tls/cert.pem" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 -subj /CN=localhost \
        -addext subjectAltName=DNS:localhost -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>/dev/null
fi
chown -R mail:mail "$work/tls"
chmod 600 "$work/tls/key.pem"

# ---------------------------------------------------------------------------------------------
# Postbox: the distribution's bin/postboxd with its default JVM settings, as the mail user.
postbox_pop3=21110 postbox_pop3s=21995 postbox_lmtp=21024 postbox_metrics=21910
dovecot_pop3=22110 dovecot_pop3s=22995 dovecot_lmtp=22024
mkdir -p "$work/postbox/spool" "$work/dovecot"
chown mail:mail "$work/postbox" "$work/postbox/spool"
connection_limit=$((idle_sessions + 1000))
cat > "$work/postbox/postbox.yaml" <<EOF
listeners:
  - {name: pop3, protocol: pop3, address: 127.0.0.1, port: $postbox_pop3}
  - {name: pop3s, protocol: pop3, address: 127.0.0.1, port: $postbox_pop3s, tls: implicit}
  - {name: lmtp, protocol: lmtp, address: 127.0.0.1, port: $postbox_lmtp, hostname: postbox.bench,
     spool-directory: $work/postbox/spool}
# The idle mode holds $idle_sessions sessions from a few loopback addresses.
limits:
  max-connections: $connection_limit
  max-connections-per-ip: $connection_limit
store:
  type: maildir
  path: $data/mail
  passwd-file: $data/passwd
tls:
  certificates:
    - {cert: $work/tls/cert.pem, key: $work/tls/key.pem}
  reload-interval: 0s
metrics:
  enabled: true
  address: 127.0.0.1
  port: $postbox_metrics
EOF

# Dovecot: its own base_dir, state and index directories, the same tree and passwd-file. Login
# processes in Dovecot's documented high-performance mode (each serves many connections), the
# process limits raised for the idle mode, the maildrop locked per session as Postbox does.
mail_uid=$(id -u mail)
mkdir -p "$work/dovecot/run" "$work/dovecot/state" "$work/dovecot/index"
chown mail:mail "$work/dovecot/index"
cat > "$work/dovecot/dovecot.conf" <<EOF
base_dir = $work/dovecot/run
state_dir = $work/dovecot/state
instance_name = postbox-compare
log_path = $work/dovecot/dovecot.log
protocols = pop3 lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <$work/tls/cert.pem
ssl_key = <$work/tls/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $mail_uid
mail_location = maildir:$data/mail/%d/%n/Maildir:INDEX=$work/dovecot/index/%d/%n:CONTROL=$work/dovecot/index/%d/%n
pop3_lock_session = yes
passdb {
  driver = passwd-file
  args = $data/passwd
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$data/mail/%d/%n
}
default_client_limit = $((2 * connection_limit))
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $dovecot_pop3
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = $dovecot_pop3s
    ssl = yes
  }
  service_count = 0
  process_min_avail = $(nproc)
}
service pop3 {
  process_limit = $connection_limit
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $dovecot_lmtp
  }
}
EOF

# Both servers run side by side for the whole comparison (each idle while the other is measured),
# so that neither starts cold for a run; only the cold maildrop mode restarts one.
declare -A server_pids=()

listening() { # port
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_listening takes any listener for the server it started, so a server left running (by an
# interrupted earlier run, say) would be measured in the new one's place, under the new one's pid.
# A few seconds of grace: Dovecot's login processes may close their listeners just after the
# master has exited.
refuse_busy_ports() { # port...
    local port
    for port in "$@"; do
        for _ in $(seq 1 50); do
            listening "$port" || continue 2
            sleep 0.1
        done
        echo "compare-dovecot.sh: something already listens on 127.0.0.1:$port (a server left from an earlier run?); stop it first" >&2
        exit 70
    done
}

wait_listening() { # port pid log
    for _ in $(seq 1 300); do
        if listening "$1"; then
            return 0
        fi
        if ! kill -0 "$2" 2>/dev/null; then
            echo "compare-dovecot.sh: the server exited; its log, $3:" >&2
            tail -20 "$3" >&2
            exit 70
        fi
        sleep 0.1
    done
    echo "compare-dovecot.sh: nothing listens on 127.0.0.1:$1 after 30 s; see $3" >&2
    exit 70
}

start_server() { # postbox|dovecot
    stop_server "$1"
    if [ "$1" = postbox ]; then
        refuse_busy_ports "$postbox_pop3" "$postbox_pop3s" "$postbox_lmtp" "$postbox_metrics"
        # setpriv execs, and postboxd execs java: $! is the JVM's pid. JAVA_OPTS is unset, so
        # bin/postboxd's own defaults apply, unless --postbox-java-opts says otherwise.
        local java_opts=(-u JAVA_OPTS)
        if [ -n "$postbox_java_opts" ]; then
            java_opts=(JAVA_OPTS="$postbox_java_opts")
        fi
        setpriv --reuid=mail --regid=mail --clear-groups env "${java_opts[@]}" HOME="$work/postbox" \
            "$dist/bin/postboxd" --config "$work/postbox/postbox.yaml" >>"$work/postbox/postbox.log" 2>&1 &
        server_pids[postbox]=$!
        wait_listening "$postbox_lmtp" "$!" "$work/postbox/postbox.log"
        wait_listening "$postbox_pop3" "$!" "$work/postbox/postbox.log"
    else
        refuse_busy_ports "$dovecot_pop3" "$dovecot_pop3s" "$dovecot_lmtp"
        /usr/sbin/dovecot -F -c "$work/dovecot/dovecot.conf" >>"$work/dovecot/dovecot.out" 2>&1 &
        server_pids[dovecot]=$!
        wait_listening "$dovecot_pop3" "$!" "$work/dovecot/dovecot.out"
        wait_listening "$dovecot_lmtp" "$!" "$work/dovecot/dovecot.out"
    fi
}

stop_server() { # postbox|dovecot
    local pid=${server_pids[$1]:-}
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    fi
    server_pids[$1]=
}

stop_servers() {
    stop_server postbox
    stop_server dovecot
}
trap stop_servers EXIT

ensure_server() { # postbox|dovecot
    local pid=${server_pids[$1]:-}
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
        start_server "$1"
    fi
}

drop_caches() {
    sync
    if ! echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then
        echo "   (cannot drop the page cache here: the cold run is only a restart)" >&2
    fi
}

rss_kib() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

load() { # server round label args...
    local server=$1 round=$2 label=$3
    shift 3
    "${client_java[@]}" org.postbox.benchmarks.compare.Pop3Load server="$server" round="$round" label="$label" \
        data="$data" pid="${server_pids[$server]}" results="$results" warmup="$warmup" duration="$duration" "$@"
}

run_mode() { # server mode round
    local server=$1 mode=$2 round=$3 pop3 pop3s lmtp
    if [ "$server" = postbox ]; then
        pop3=$postbox_pop3 pop3s=$postbox_pop3s lmtp=$postbox_lmtp
    else
        pop3=$dovecot_pop3 pop3s=$dovecot_pop3s lmtp=$dovecot_lmtp
    fi
    if [ "$mode" = maildrop-cold ]; then
        stop_server "$server"
        drop_caches
    elif [ "$mode" = idle ]; then
        # Per-session memory is measured from a fresh start: a server that has grown its heap
        # (or its process pool) in earlier runs would hold the sessions in memory already taken.
        start_server "$server"
        sleep 5
    fi
    ensure_server "$server"
    printf '%-8s %-15s round %s: ' "$server" "$mode" "$round"
    case $mode in
        login-16) load "$server" "$round" "$mode" mode=login port="$pop3" clients=16 ;;
        login-64) load "$server" "$round" "$mode" mode=login port="$pop3" clients=64 ;;
        pop3s-login) load "$server" "$round" "$mode" mode=login port="$pop3s" tls=true clients=16 ;;
        uidl) load "$server" "$round" "$mode" mode=uidl port="$pop3" clients=16 ;;
        retr) load "$server" "$round" "$mode" mode=retr port="$pop3" clients=16 ;;
        retr-pipelined) load "$server" "$round" "$mode" mode=retr port="$pop3" clients=16 depth=8 ;;
        pop3s-retr) load "$server" "$round" "$mode" mode=retr port="$pop3s" tls=true clients=16 ;;
        idle) load "$server" "$round" "$mode" mode=idle port="$pop3" clients="$idle_sessions" \
                  sources=$(( (idle_sessions + 99) / 100 )) ;;
        maildrop-cold) load "$server" "$round" "$mode" mode=maildrop port="$pop3" clients=1 ops=1 warmup=0s \
                           duration=10m expected="$big" ;;
        maildrop-warm) load "$server" "$round" "$mode" mode=maildrop port="$pop3" clients=1 expected="$big" ;;
        lmtp) "${client_java[@]}" org.postbox.benchmarks.compare.LmtpDeliveries server="$server" round="$round" \
                  port="$lmtp" pid="${server_pids[$server]}" connections=4 messages="$lmtp_messages" results="$results" ;;
        *) echo "unknown mode $mode (known: $all_modes)" >&2; exit 64 ;;
    esac || echo "   (this run failed; its figures are missing)"
    if [ "$server" = postbox ]; then
        echo "$(date -u +%H:%M:%S) after $mode round $round: postbox RSS $(( $(rss_kib "${server_pids[postbox]}") / 1024 )) MiB" >> "$memory_report"
    fi
}

IFS=, read -r -a mode_list <<< "$modes"
IFS=, read -r -a server_list <<< "$servers"
echo "== $rounds round(s) of: $modes; warm-up $warmup, window $duration; results in $results"
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r);" \
     "$(/usr/sbin/dovecot --version | sed 's/^/Dovecot /'); $(java -version 2>&1 | head -1)"
for round in $(seq 1 "$rounds"); do
    order=("${server_list[@]}")
    if [ $((round % 2)) -eq 0 ] && [ ${#server_list[@]} -eq 2 ]; then
        order=("${server_list[1]}" "${server_list[0]}")
    fi
    for mode in "${mode_list[@]}"; do
        for server in "${order[@]}"; do
            run_mode "$server" "$mode" "$round"
        done
    done
done

# Part of the point: does the JVM give memory back once the load has ended?
if [[ ",$servers," == *,postbox,* ]]; then
    ensure_server postbox
    printf 'postbox RSS after the load: %d MiB now' $(( $(rss_kib "${server_pids[postbox]}") / 1024 )) | tee -a "$memory_report"
    sleep "$settle"
    printf ', %d MiB %d s later\n' $(( $(rss_kib "${server_pids[postbox]}") / 1024 )) "$settle" | tee -a "$memory_report"
fi
stop_servers

echo
echo "== medians of $rounds round(s); $(date -u '+%Y-%m-%d %H:%M UTC'); results: $results"
"${client_java[@]}" org.postbox.benchmarks.compare.ResultsTable "$results"
echo
echo "== Postbox memory (bin/postboxd defaults), $memory_report:"
cat "$memory_report"
