#!/bin/sh
# Smoke test of the assembled distribution, run by Maven in the integration-test phase:
# the layout is complete, the tarball holds exactly the directory, and the scripts start.
# Usage: check-distribution.sh DIRECTORY TARBALL TOP-FOLDER VERSION
set -eu

dir=$1 tarball=$2 top=$3 version=$4
failures=0
fail() {
    echo "check-distribution: FAILED: $*" >&2
    failures=$((failures + 1))
}

for file in bin/postbox bin/postboxd conf/postbox.yaml conf/logback.xml systemd/postbox.service fail2ban/jail.local.example \
        grafana/postbox.json prometheus/alerts.yml \
        "lib/admin-cli-$version.jar" "lib/postbox-daemon-$version.jar" "lib/pop3-server-$version.jar" \
        "lib/lmtp-server-$version.jar" "lib/mailstore-maildir-$version.jar" \
        "lib/mailstore-jpa-$version.jar" \
        "lib/password-schemes-$version.jar" "lib/postbox-config-$version.jar"; do
    [ -f "$dir/$file" ] || fail "$file is missing"
done
for script in bin/postbox bin/postboxd; do
    [ -x "$dir/$script" ] || fail "$script is not executable"
done
ls "$dir"/lib/picocli-*.jar "$dir"/lib/logback-classic-*.jar "$dir"/lib/mina-core-*.jar >/dev/null 2>&1 \
    || fail "lib/ lacks a third-party runtime jar (picocli, logback-classic or mina-core)"
# The daemon and the CLI reach these only through store.type: jpa, at run time: check they ship.
ls "$dir"/lib/hibernate-core-*.jar "$dir"/lib/HikariCP-*.jar "$dir"/lib/postgresql-*.jar \
        "$dir"/lib/flyway-core-*.jar "$dir"/lib/flyway-database-postgresql-*.jar >/dev/null 2>&1 \
    || fail "lib/ lacks a runtime jar of the jpa store (hibernate-core, HikariCP, postgresql, flyway-core or flyway-database-postgresql)"
# /metrics needs the Prometheus text writer, a run-time-only dependency of Micrometer's registry.
ls "$dir"/lib/micrometer-core-*.jar "$dir"/lib/micrometer-registry-prometheus-*.jar \
        "$dir"/lib/prometheus-metrics-exposition-textformats-*.jar >/dev/null 2>&1 \
    || fail "lib/ lacks a jar of the metrics endpoint (micrometer-core, micrometer-registry-prometheus or prometheus-metrics-exposition-textformats)"
if ls "$dir"/lib/*-tests.jar >/dev/null 2>&1; then
    fail "lib/ holds test jars: $(ls "$dir"/lib/*-tests.jar)"
fi

# The tarball: one top folder, the same files as the directory, scripts still executable.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# data/ is runtime state (the quick start's store lives there), not part of the distribution.
(cd "$dir" && find . -path ./data -prune -o -type f -print | sed 's|^\./||' | sort) > "$work/directory.txt"
tar -tzf "$tarball" > "$work/tarball-all.txt"
if grep -v "^$top/" "$work/tarball-all.txt" >/dev/null; then
    fail "the tarball has entries outside $top/: $(grep -v "^$top/" "$work/tarball-all.txt" | head -3)"
fi
grep -v '/$' "$work/tarball-all.txt" | sed "s|^$top/||" | sort > "$work/tarball.txt"
cmp -s "$work/directory.txt" "$work/tarball.txt" \
    || fail "the tarball and the directory differ: $(diff "$work/directory.txt" "$work/tarball.txt" | head -5)"
tar -tvzf "$tarball" "$top/bin/postbox" | grep -q '^-rwxr-xr-x' || fail "bin/postbox is not executable in the tarball"

# The scripts start, also through a symbolic link, and take no configuration from the build's environment.
unset POSTBOX_CONFIG JAVA_OPTS || true
out=$("$dir/bin/postbox" --help) || fail "bin/postbox --help exited with $?"
case $out in *"Usage: postbox"*) ;; *) fail "bin/postbox --help printed no usage: $out" ;; esac
ln -s "$dir/bin/postbox" "$work/postbox-link"
out=$("$work/postbox-link" --version) || fail "postbox --version through a symlink exited with $?"
[ "$out" = "postbox $version" ] || fail "postbox --version printed '$out', expected 'postbox $version'"
"$dir/bin/postboxd" --help >/dev/null || fail "bin/postboxd --help exited with $?"

# The shipped configuration is valid; ./data is relative to the installation, not to the
# working directory. Checked on a copy so that the build's directory gets no data/, and without
# the data/ a quick start may have left there (the check wants a fresh installation).
cp -R "$dir" "$work/inst"
rm -rf "$work/inst/data"
mkdir "$work/run"
out=$(cd "$work/run" && "$work/inst/bin/postboxd" --check-config 2>&1) || fail "postboxd --check-config: $out"
[ -d "$work/inst/data" ] || fail "store.path ./data was not created in the installation directory"
[ ! -e "$work/run/data" ] || fail "store.path ./data was created in the working directory"
# Standard output of the CLI carries only the command's output, even with the store logging.
out=$(cd "$work/run" && "$work/inst/bin/postbox" domain list --json 2>/dev/null) || fail "postbox domain list exited with $?"
[ "$out" = "[]" ] || fail "postbox domain list --json printed '$out', expected '[]'"
status=0
(cd "$work/run" && "$work/inst/bin/postbox" domian list >/dev/null 2>&1) || status=$?
[ "$status" -eq 64 ] || fail "a mistyped command exited with $status, expected 64"
# A mailbox with a SCRAM-SHA-256 password and an app password, as an operator provisions them.
pb() { (cd "$work/run" && "$work/inst/bin/postbox" "$@" 2>/dev/null); }
pb domain add example.com >/dev/null || fail "postbox domain add exited with $?"
out=$(echo 's3cret' | pb mailbox add alice@example.com --password-stdin --scheme scram-sha-256) \
    || fail "postbox mailbox add --scheme scram-sha-256 exited with $?"
grep -q '^alice@example.com:{SCRAM-SHA-256}4096,' "$work/inst/data/passwd" \
    || fail "mailbox add --scheme scram-sha-256 did not store a {SCRAM-SHA-256} hash"
status=0
(echo 's3cret' | pb mailbox passwd alice@example.com --password-stdin --scheme sha1 >/dev/null) || status=$?
[ "$status" -eq 64 ] || fail "an unknown --scheme exited with $status, expected 64"
out=$(pb mailbox app-password add alice@example.com thunderbird --json) || fail "postbox mailbox app-password add exited with $?"
case $out in '{"address":"alice@example.com","name":"thunderbird","password":"'????-????-????-????-????'","created":'*) ;;
    *) fail "postbox mailbox app-password add --json printed '$out'" ;; esac
out=$(pb mailbox app-password list alice@example.com --json) || fail "postbox mailbox app-password list exited with $?"
case $out in '[{"name":"thunderbird","created":'*'}]') ;; *) fail "app-password list --json printed '$out'" ;; esac
pb mailbox app-password revoke alice@example.com thunderbird >/dev/null || fail "app-password revoke exited with $?"
out=$(pb mailbox app-password list alice@example.com --json)
[ "$out" = "[]" ] || fail "after revoke, app-password list --json printed '$out', expected '[]'"
# store.type: jpa is found in lib/ with what it needs: no database there is a clear store error
# (exit 1, the CLI 75: try again later), a bad jpa key a configuration error. No PostgreSQL needed.
printf 'store:\n  type: jpa\n  url: jdbc:postgresql://127.0.0.1:1/postbox\n' > "$work/jpa.yaml"
status=0
out=$("$dir/bin/postboxd" --config "$work/jpa.yaml" --check-config 2>&1) || status=$?
[ "$status" -eq 1 ] || fail "postboxd --check-config without a database exited with $status, expected 1: $out"
case $out in *"cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:1/postbox"*) ;;
    *) fail "postboxd --check-config without a database gave no clear message: $out" ;; esac
status=0
out=$("$dir/bin/postbox" --config "$work/jpa.yaml" domain list 2>&1) || status=$?
[ "$status" -eq 75 ] || fail "postbox domain list without a database exited with $status, expected 75: $out"
printf 'store:\n  type: jpa\n  url: jdbc:postgresql://127.0.0.1:1/postbox\n  pool-size: 0\n' > "$work/jpa-bad.yaml"
status=0
out=$("$dir/bin/postboxd" --config "$work/jpa-bad.yaml" --check-config 2>&1) || status=$?
[ "$status" -eq 78 ] || fail "a bad store.pool-size exited with $status, expected 78: $out"
case $out in *"store.pool-size"*) ;; *) fail "a bad store.pool-size was not named: $out" ;; esac
status=0
out=$(JAVA_HOME=$work/no-such-java "$dir/bin/postbox" --version 2>&1) || status=$?
[ "$status" -eq 78 ] || fail "a bad JAVA_HOME exited with $status, expected 78"
case $out in *"JAVA_HOME"*) ;; *) fail "a bad JAVA_HOME gave no clear message: $out" ;; esac

# The fail2ban jail example, read by fail2ban itself (when installed; .ci/run installs it): its
# stock configuration plus our jail only (the distribution's own jails would want their logs),
# logpath pointed at a file that exists.
if command -v fail2ban-client >/dev/null 2>&1 && [ -d /etc/fail2ban ]; then
    cp -R /etc/fail2ban "$work/fail2ban"
    rm -f "$work/fail2ban/jail.d/"* "$work/fail2ban/jail.local"
    : > "$work/postboxd.log"
    sed "s#^logpath .*#logpath  = $work/postboxd.log#" "$dir/fail2ban/jail.local.example" \
        > "$work/fail2ban/jail.d/postbox.local"
    out=$(fail2ban-client -c "$work/fail2ban" -t 2>&1) || fail "fail2ban rejects the jail example: $out"
    out=$(fail2ban-client -c "$work/fail2ban" -d 2>&1) || fail "fail2ban cannot dump the jail example: $out"
    case $out in *"['add', 'postbox',"*) ;; *) fail "fail2ban did not load a postbox jail: $out" ;; esac
fi

if [ "$failures" -gt 0 ]; then
    echo "check-distribution: $failures check(s) failed" >&2
    exit 1
fi
echo "check-distribution: $dir and $tarball are complete and start"
