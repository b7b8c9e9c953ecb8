#!/usr/bin/env bash
# N idle authenticated POP3 sessions (default 10,000) on the PostgreSQL backend, with postboxd's
# default JVM settings: the server's RSS and PSS before and with all of them open.
#
#   benchmarks/idle-sessions-jpa.sh [--sessions N] [--work DIR] [--pg-bin DIR]
#
# A Maildir session holds two descriptors (its socket and its maildrop's lock file), so on a
# machine whose hard limit is 20,000 the Dovecot comparison cannot hold 10,000 of them; a
# PostgreSQL session holds only its socket, its lock being a lease row. Needs root (PostgreSQL runs
# as nobody) and PostgreSQL's server binaries: --pg-bin, else the embedded ones the test suite
# unpacks under /tmp/postbox-embedded-pg (run `./mvnw -B verify -pl mailstore-jpa -am` once).
# Everything goes under --work (default /tmp/postbox-idle-jpa); the tree and the imported database
# are reused. PostgreSQL and postboxd listen on 127.0.0.1 only and are stopped by pid at the end.
set -euo pipefail

here=$(cd -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -- "$here/.." && pwd -P)
sessions=10000 work=/tmp/postbox-idle-jpa pg_bin=
while [ $# -gt 0 ]; do
    case $1 in
        --sessions) sessions=$2; shift ;;
        --work) work=$2; shift ;;
        --pg-bin) pg_bin=$2; shift ;;
        *) echo "usage: $0 [--sessions N] [--work DIR] [--pg-bin DIR]" >&2; exit 64 ;;
    esac
    shift
done
if [ -z "$pg_bin" ]; then
    pg_bin=$(ls -d /tmp/postbox-embedded-pg/*/bin 2>/dev/null | head -1 || true)
fi
if [ ! -x "$pg_bin/pg_ctl" ]; then
    echo "$0: no PostgreSQL binaries; pass --pg-bin DIR (with initdb, pg_ctl, postgres)" >&2
    exit 66
fi
dist=$root/distribution/target/postbox
bench_jar=$(ls "$root"/benchmarks/target/benchmarks-*.jar 2>/dev/null | head -1 || true)
if [ ! -x "$dist/bin/postboxd" ] || [ -z "$bench_jar" ] || [ ! -f "$root/benchmarks/target/classpath.txt" ]; then
    (cd "$root" && ./mvnw -B -q package -DskipTests -Dfuzz.skip=true)
    bench_jar=$(ls "$root"/benchmarks/target/benchmarks-*.jar | head -1)
fi
cp="$(cat "$root/benchmarks/target/classpath.txt"):$bench_jar"
client_java=(java -Xms512m -Xmx2g -XX:+UseParallelGC -cp "$cp")
pg_port=23432 pop3_port=23110

mkdir -p "$work"
chmod 755 "$work"
"${client_java[@]}" org.postbox.benchmarks.compare.TreeGenerator dir="$work/data" mailboxes=64 messages=40 \
    idle="$sessions" big=1000
if [ ! -d "$work/pg" ]; then
    mkdir -p "$work/pg"
    chown nobody "$work/pg"
    runuser -u nobody -- "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust > /dev/null
fi
runuser -u nobody -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=50" start > /dev/null
postboxd_pid=
finish() {
    if [ -n "$postboxd_pid" ]; then
        kill "$postboxd_pid" 2>/dev/null || true
        wait "$postboxd_pid" 2>/dev/null || true
    fi
    runuser -u nobody -- "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop > /dev/null
}
trap finish EXIT

cat > "$work/postbox.yaml" <<EOC
listeners:
  - {name: pop3, protocol: pop3, address: 127.0.0.1, port: $pop3_port}
limits:
  max-connections: $((sessions + 1000))
  max-connections-per-ip: $((sessions + 1000))
store:
  type: jpa
  url: jdbc:postgresql://127.0.0.1:$pg_port/postgres
  user: postgres
metrics:
  enabled: false
EOC
if [ ! -f "$work/imported" ]; then
    echo "== importing the tree into PostgreSQL (postbox import dovecot)"
    "$dist/bin/postbox" --config "$work/postbox.yaml" import dovecot --passwd-file "$work/data/passwd" \
        --mail-root "$work/data/mail" > "$work/import.out" 2>&1
    touch "$work/imported"
fi

ulimit -n "$(ulimit -Hn)"
"$dist/bin/postboxd" --config "$work/postbox.yaml" > "$work/postboxd.log" 2>&1 &
postboxd_pid=$!
for _ in $(seq 1 120); do
    if (exec 3<> "/dev/tcp/127.0.0.1/$pop3_port") 2> /dev/null; then
        break
    fi
    sleep 0.5
done
sleep 5  # the baseline is read once start-up garbage has settled, as compare-dovecot.sh does
"${client_java[@]}" org.postbox.benchmarks.compare.Pop3Load server=postbox-jpa round=1 label=idle \
    data="$work/data" pid="$postboxd_pid" results="$work/results.jsonl" mode=idle port="$pop3_port" \
    clients="$sessions" sources=$(((sessions + 99) / 100))
tail -1 "$work/results.jsonl"
