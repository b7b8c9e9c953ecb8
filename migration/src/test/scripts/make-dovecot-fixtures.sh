#!/usr/bin/env bash
# Rebuilds src/test/resources/dovecot/ from a real Dovecot: runs Debian's dovecot-pop3d and
# dovecot-lmtpd in a scratch directory of their own (loopback ports only), delivers messages over
# LMTP, asks POP3 UIDL (and LIST) in several configurations, and keeps the dovecot-uidlist files,
# the message files and the answers. Run as root from the migration/ directory:
#
#   sudo src/test/scripts/make-dovecot-fixtures.sh
#
# The fixtures differ on every run (times, host names, UIDVALIDITY); the tests read whatever the
# README's run produced, so rerun this and commit everything it writes together.
set -euo pipefail

here=$(cd "$(dirname "$0")/../../.." && pwd)
out=$here/src/test/resources/dovecot
work=${WORK:-/tmp/postbox-dovecot-fixtures}
pop3_port=${POP3_PORT:-24110}
lmtp_port=${LMTP_PORT:-24024}

if [ "$(id -u)" -ne 0 ]; then
    echo "make-dovecot-fixtures.sh: run as root (Dovecot switches to the mail user)" >&2
    exit 77
fi
if [ ! -x /usr/sbin/dovecot ] || [ ! -x /usr/lib/dovecot/pop3 ] || [ ! -x /usr/lib/dovecot/lmtp ]; then
    # Only the packages; the system service is left alone (we start our own instance).
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-pop3d dovecot-lmtpd >/dev/null
fi

rm -rf "$work"
mkdir -p "$work/run" "$work/state" "$work/mail" "$work/index" "$work/messages"
chown mail:mail "$work/mail" "$work/index"
chmod 755 "$work"

# ---------------------------------------------------------------------------------------------
# Accounts: a Dovecot passwd-file; uid, gid and home left empty for default_fields, as Postbox
# writes its own. henry keeps his mail in mbox (for %m, which Dovecot's Maildir cannot answer);
# ivan's control files (dovecot-uidlist) are kept apart from his Maildir.
hash_alice=$(doveadm pw -s SHA512-CRYPT -p alice-secret)
hash_bob=$(doveadm pw -s ARGON2ID -p bob-secret)
hash_other=$(doveadm pw -s SSHA512 -p other-secret)
cat > "$work/passwd" <<EOF
# fixture accounts of make-dovecot-fixtures.sh
alice@example.com:$hash_alice::::::userdb_quota_rule=*:storage=1G
bob@example.org:$hash_bob::::::
carol@example.com:$hash_other::::::
dave@example.com:$hash_other::::::
erin@example.org:$hash_other::::::
frank@example.org:$hash_other::::::
grace@example.com:$hash_other::::::
henry@example.net:$hash_other::::::userdb_mail=mbox:~/mail:INBOX=~/mail/inbox
ivan@example.org:$hash_other::::::userdb_mail=maildir:~/Maildir:CONTROL=~/control:INDEX=~/index
EOF

write_config() { # pop3_uidl_format [extra lines...]
    local format=$1
    shift
    {
        cat <<EOF
base_dir = $work/run
state_dir = $work/state
instance_name = postbox-fixtures
log_path = $work/dovecot.log
protocols = pop3 lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = $(id -u mail)
mail_location = maildir:$work/mail/%d/%n/Maildir:INDEX=$work/index/%d/%n
pop3_uidl_format = $format
passdb {
  driver = passwd-file
  args = $work/passwd
}
userdb {
  driver = passwd-file
  args = $work/passwd
  default_fields = uid=mail gid=mail home=$work/mail/%d/%n
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $pop3_port
  }
  inet_listener pop3s {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp_port
  }
  unix_listener lmtp {
    mode = 0600
  }
}
EOF
        for line in "$@"; do
            echo "$line"
        done
    } > "$work/dovecot.conf"
}

dovecot_pid=
listening() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
start_dovecot() {
    /usr/sbin/dovecot -F -c "$work/dovecot.conf" >>"$work/dovecot.out" 2>&1 &
    dovecot_pid=$!
    for _ in $(seq 1 100); do
        if listening "$pop3_port" && listening "$lmtp_port"; then
            return 0
        fi
        kill -0 "$dovecot_pid" 2>/dev/null || { cat "$work/dovecot.out" "$work/dovecot.log" >&2; exit 70; }
        sleep 0.1
    done
    echo "make-dovecot-fixtures.sh: Dovecot does not listen; see $work/dovecot.log" >&2
    exit 70
}
stop_dovecot() {
    if [ -n "$dovecot_pid" ] && kill -0 "$dovecot_pid" 2>/dev/null; then
        kill "$dovecot_pid"
        wait "$dovecot_pid" 2>/dev/null || true
    fi
    dovecot_pid=
    # The login processes may hold the listeners a moment after the master has gone.
    for _ in $(seq 1 50); do
        listening "$pop3_port" || listening "$lmtp_port" || return 0
        sleep 0.1
    done
}
trap stop_dovecot EXIT

client=$work/client.py
cat > "$client" <<'EOF'
"""deliver ADDRESS FILE... (LMTP) | uidl ADDRESS PASSWORD OUT [retr DIR] (POP3: UIDL, LIST; RETR into DIR)"""
import poplib, smtplib, sys

def deliver(port, address, files):
    with smtplib.LMTP("127.0.0.1", port) as lmtp:
        for name in files:
            with open(name, "rb") as f:
                lmtp.sendmail("sender@sender.test", [address], f.read())

def uidl(port, address, password, out, retr_dir=None):
    pop = poplib.POP3("127.0.0.1", port)
    pop.user(address)
    pop.pass_(password)
    try:
        response, lines, _ = pop.uidl()
        sizes = dict(l.decode().split(" ") for l in pop.list()[1])
        with open(out, "w") as f:
            # "<number> <uidl> <size>"; a line that is not "<number> <uidl>" (a UIDL with a line
            # break in it) is kept as it came, after "RAW ".
            for line in lines:
                number, _, uidl = line.decode().partition(" ")
                if number in sizes and uidl:
                    f.write("%s %s %s\n" % (number, uidl, sizes[number]))
                else:
                    f.write("RAW %s\n" % line.decode())
        if retr_dir:
            for number in sizes:
                with open("%s/%s.eml" % (retr_dir, number), "wb") as f:
                    f.write(b"".join(l + b"\n" for l in pop.retr(int(number))[1]))
    except poplib.error_proto as e:
        # Dovecot logs why and closes the connection.
        with open(out, "w") as f:
            f.write("ERROR %s\n" % e)
        pop.close()
        return
    pop.quit()

if sys.argv[1] == "deliver":
    deliver(int(sys.argv[2]), sys.argv[3], sys.argv[4:])
else:
    uidl(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6] if len(sys.argv) > 6 else None)
EOF

deliver() { # address file...
    local address=$1
    shift
    python3 "$client" deliver "$lmtp_port" "$address" "$@"
}
uidl() { # address password out [retr-dir]
    python3 "$client" uidl "$pop3_port" "$@"
}

# ---------------------------------------------------------------------------------------------
# Messages.
m=$work/messages
printf '%s\n' 'From: One <one@sender.test>' 'To: alice@example.com' 'Subject: first' \
    'Date: Mon, 01 Jan 2024 10:00:00 +0000' 'Message-ID: <m1@sender.test>' '' 'Hello.' > "$m/1.eml"
printf '%s\n' 'From: Two <two@sender.test>' 'To: alice@example.com' 'Subject: a subject folded' \
    '  over two lines' 'Date: Mon, 01 Jan 2024 11:00:00 +0000' 'Message-ID: <m2@sender.test>' '' \
    'A body line.' '.a line that starts with a dot' '' > "$m/2.eml"
printf '%s\r\n' 'From: Three <three@sender.test>' 'To: someone@example.com' 'Subject: with CRLF' \
    'Date: Mon, 01 Jan 2024 12:00:00 +0000' 'Message-ID: <m3@sender.test>' '' 'Line one.' 'Line two.' > "$m/3.eml"
printf '%s\n' 'From: Four <four@sender.test>' 'X-UIDL: 4f1c2a9e3b7d4c6e' 'Subject: has an X-UIDL' \
    'Message-ID: <m4@sender.test>' '' 'Body.' > "$m/xuidl-1.eml"
printf '%s\n' 'From: Five <five@sender.test>' 'Subject: has a folded X-UIDL' 'x-uidl: legacy-' \
    '  uidl' 'Message-ID: <m5@sender.test>' '' 'Body.' > "$m/xuidl-2.eml"
printf '%s\n' 'Received: from relay.sender.test (relay.sender.test [192.0.2.7])' \
    '	by mx.example.net with ESMTP id 4TQ9vK2xYz' '	for <henry@example.net>; Mon, 01 Jan 2024 13:00:00 +0000' \
    'Received: from inner.sender.test by relay.sender.test; Mon, 01 Jan 2024 12:59:00 +0000' \
    'Delivered-To: henry@example.net' 'X-Delivery-ID: 77-abc' 'From: Six <six@sender.test>' \
    'Subject: mbox one' 'Date: Mon, 01 Jan 2024 13:00:00 +0000' 'Message-ID: <m6@sender.test>' '' 'Body six.' > "$m/mbox-1.eml"
printf '%s\n' 'Date: Mon, 01 Jan 2024 14:00:00 +0000' 'Message-ID: <m7@sender.test>' 'From: Seven <seven@sender.test>' \
    'Subject: mbox two, Date and Message-ID before any Received' \
    'Received: from relay.sender.test by mx.example.net; Mon, 01 Jan 2024 14:00:01 +0000' '' 'Body seven.' > "$m/mbox-2.eml"

# ---------------------------------------------------------------------------------------------
# 1. The default format, Dovecot's %d/%n/Maildir layout; then the same tree in other formats.
write_config '%08Xu%08Xv'
start_dovecot
deliver alice@example.com "$m/1.eml" "$m/2.eml" "$m/3.eml"
deliver bob@example.org "$m/1.eml" "$m/3.eml"
deliver carol@example.com "$m/1.eml" "$m/2.eml"
deliver dave@example.com "$m/1.eml" "$m/2.eml"
deliver erin@example.org "$m/1.eml" "$m/2.eml" "$m/3.eml"
deliver frank@example.org "$m/1.eml" "$m/2.eml"
deliver grace@example.com "$m/xuidl-1.eml" "$m/xuidl-2.eml" "$m/1.eml"
deliver henry@example.net "$m/mbox-1.eml" "$m/mbox-2.eml"
deliver ivan@example.org "$m/1.eml" "$m/2.eml"
mkdir -p "$work/answers"
uidl alice@example.com alice-secret "$work/answers/alice.default"
uidl bob@example.org bob-secret "$work/answers/bob.default"
uidl ivan@example.org other-secret "$work/answers/ivan.default"
stop_dovecot

declare -A formats=([f]='%f' [v.u]='%v.%u' [g]='%g' [Mf]='%Mf' [uw]='%08Xv%08Xu' [u]='%u')
for name in "${!formats[@]}"; do
    write_config "${formats[$name]}"
    start_dovecot
    uidl alice@example.com alice-secret "$work/answers/alice.$name"
    uidl bob@example.org bob-secret "$work/answers/bob.$name"
    stop_dovecot
done

# 2. Stored POP3 UIDLs (pop3_save_uidl): carol's are saved in %v-%u, dave's in %f (which Dovecot
#    stores as an empty P, meaning the base file name); then the format changes back to the
#    default and one more message arrives for each.
write_config '%v-%u' 'pop3_save_uidl = yes'
start_dovecot
uidl carol@example.com other-secret "$work/answers/carol.saved"
stop_dovecot
write_config '%f' 'pop3_save_uidl = yes'
start_dovecot
uidl dave@example.com other-secret "$work/answers/dave.saved"
stop_dovecot
write_config '%08Xu%08Xv'
start_dovecot
deliver carol@example.com "$m/3.eml"
deliver dave@example.com "$m/3.eml"
uidl carol@example.com other-secret "$work/answers/carol.default"
uidl dave@example.com other-secret "$work/answers/dave.default"
stop_dovecot

# 3. POP3 order (O), a per-message UIDL (P) and GUID (G) written into erin's uidlist by hand, as a
#    migration tool would; and frank's uidlist rewritten in the old version 1 format. Their index
#    files are removed so that Dovecot reads the uidlists afresh.
erin=$work/mail/example.org/erin/Maildir/dovecot-uidlist
python3 - "$erin" <<'EOF'
import sys
path = sys.argv[1]
lines = open(path).read().splitlines()
out = [lines[0]]
extra = {1: "O3", 2: "O1 Pmigrated-uidl-2", 3: "O2 Gcafe0000000000000000000000000003"}
for line in lines[1:]:
    uid, rest = line.split(" ", 1)
    out.append("%s %s %s" % (uid, extra[int(uid)], rest))
open(path, "w").write("\n".join(out) + "\n")
EOF
frank=$work/mail/example.org/frank/Maildir/dovecot-uidlist
python3 - "$frank" <<'EOF'
import sys
path = sys.argv[1]
lines = open(path).read().splitlines()
header = dict((f[0], f[1:]) for f in lines[0].split(" ")[1:])
# Appending writers leave the header's N behind; version 1 readers insist on it being right.
records = [line.split(" ", 1) for line in lines[1:]]
next_uid = max([int(header["N"])] + [int(uid) + 1 for uid, _ in records])
out = ["1 %s %s" % (header["V"], next_uid)]
for uid, rest in records:
    out.append("%s %s" % (uid, rest[rest.index(":") + 1:]))
open(path, "w").write("\n".join(out) + "\n")
EOF
cp "$frank" "$work/frank-uidlist-v1"
rm -rf "$work/index/example.org/erin" "$work/index/example.org/frank"

# 4. X-UIDL headers (pop3_reuse_xuidl) for grace; %m for henry's mbox (and what Dovecot says when
#    a Maildir user asks for %m); then two more mbox messages without LMTP's Received header.
write_config '%08Xu%08Xv'
start_dovecot
uidl erin@example.org other-secret "$work/answers/erin.default"
uidl frank@example.org other-secret "$work/answers/frank.default"
stop_dovecot
write_config '%08Xu%08Xv' 'pop3_reuse_xuidl = yes'
start_dovecot
uidl grace@example.com other-secret "$work/answers/grace.xuidl"
stop_dovecot
write_config '%m' 'lmtp_add_received_header = no'
start_dovecot
deliver henry@example.net "$m/mbox-1.eml" "$m/mbox-2.eml"
mkdir -p "$work/henry-retr"
uidl henry@example.net other-secret "$work/answers/henry.m" "$work/henry-retr"
uidl alice@example.com alice-secret "$work/answers/alice.m"
stop_dovecot

# 5. Mail location templates as Dovecot expands them: for each, a configuration file that only
#    doveadm reads (the running Dovecot answers its userdb lookup), and doveadm's paths of INBOX
#    and of its control files (where dovecot-uidlist is). Lines: template, user, home, mailbox
#    path, control path, separated by tabs.
write_config '%08Xu%08Xv'
start_dovecot
templates=('maildir:/srv/mail/%d/%n/Maildir' 'maildir:/srv/mail/%d/%n' 'maildir:/srv/%u' 'maildir:~/Maildir' '~/Maildir'
    'maildir:/srv/%{domain}/%{username}/%{user}' 'maildir:/srv/%Ud/%Ln' 'maildir:/srv/%1n/%2.1n/%n'
    'maildir:/srv/%-3.3d/%0.-4d' 'maildir:/srv/%Rn' 'maildir:/srv/%Mn' 'maildir:/srv/%2.256Nu/%u' 'maildir:/srv/%3Hn'
    'maildir:/srv/%4.16Nn/%Hd' 'maildir:/srv/%Xn' 'maildir:/srv/%05n' 'maildir:/srv/%%/%h' 'maildir:/srv/%URn'
    'maildir:/srv/%d/%n:INDEX=/idx/%d/%n:CONTROL=/ctl/%u' 'maildir:/srv/%L{domain}/%{username}' 'maildir:/srv/%{home}/x'
    'maildir:%h/Maildir:LAYOUT=fs' 'maildir:/srv/%d/%n:LAYOUT=fs:CONTROL=/ctl/%u'
    'maildir:/srv/%d/%n:INBOX=/inbox/%u:CONTROL=/ctl/%u' 'maildir:~/Maildir:CONTROL=~/control:INDEX=~/index'
    'maildir:/srv/a::b/%n')
: > "$work/answers/mail-locations"
for template in "${templates[@]}"; do
    sed "s|^mail_location = .*|mail_location = $template|" "$work/dovecot.conf" > "$work/template.conf"
    for user in alice@example.com erin@example.org; do
        printf '%s\t%s\t%s\t%s\t%s\n' "$template" "$user" \
            "$(doveadm -c "$work/template.conf" user -f home "$user")" \
            "$(doveadm -c "$work/template.conf" mailbox path -t mailbox -u "$user" INBOX)" \
            "$(doveadm -c "$work/template.conf" mailbox path -t control -u "$user" INBOX)" >> "$work/answers/mail-locations"
    done
done
stop_dovecot

# ---------------------------------------------------------------------------------------------
# Keep: the passwd-file, every Maildir without Dovecot's binary index files, henry's messages as
# RETR gave them, the answers, and the versions.
rm -rf "$out"
mkdir -p "$out"
cp "$work/passwd" "$out/passwd"
cp -r "$work/mail" "$out/mail"
rm -rf "$out/mail/example.net"
find "$out/mail" -name 'dovecot*index*' -delete
cp -r "$work/henry-retr" "$out/henry-retr"
cp -r "$work/answers" "$out/answers"
cp "$work/frank-uidlist-v1" "$out/frank-uidlist-v1"
chown -R --reference="$here" "$out"
{
    echo "dovecot $(/usr/sbin/dovecot --version)"
    echo "package $(dpkg-query -W -f '${Version}' dovecot-core)"
    echo "made $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out/VERSION"
echo "fixtures written to $out"
