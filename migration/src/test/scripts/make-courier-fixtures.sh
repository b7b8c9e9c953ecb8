#!/usr/bin/env bash
# Rebuilds src/test/resources/courier/ from a real Courier: Debian's courier-pop is downloaded and
# unpacked (not installed: it conflicts with dovecot-pop3d), and its courierpop3d is run on
# Maildirs over a pipe (no network), as courierpop3login runs it after a login. Messages arrive
# through Courier's deliverquota, the Maildirs and the userdb file are made with Courier's own
# maildirmake, userdb and userdbpw. Run as root from the migration/ directory:
#
#   sudo src/test/scripts/make-courier-fixtures.sh
#
# The fixtures differ on every run (times, host names); rerun this and commit everything it writes.
set -euo pipefail

here=$(cd "$(dirname "$0")/../../.." && pwd)
out=$here/src/test/resources/courier
work=${WORK:-/tmp/postbox-courier-fixtures}

if [ "$(id -u)" -ne 0 ]; then
    echo "make-courier-fixtures.sh: run as root (apt-get)" >&2
    exit 77
fi
if ! command -v deliverquota >/dev/null || ! command -v userdb >/dev/null; then
    apt-get update -qq
    # courier-pop's own dependencies, without courier-pop itself.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends courier-base \
        courier-authlib-userdb >/dev/null
fi

rm -rf "$work"
mkdir -p "$work/pkg" "$work/mail" "$work/messages" "$work/answers"
(cd "$work/pkg" && apt-get download -qq courier-pop 2>/dev/null && dpkg -x courier-pop_*.deb root)
pop3d=$work/pkg/root/usr/lib/courier/courier/courierpop3d

# session MAILDIR OUT COMMAND...: one POP3 session of courierpop3d on MAILDIR; OUT gets the
# "<number> <uidl> <size>" lines of its UIDL and LIST answers (when it was asked both).
session() {
    local maildir=$1 answer=$2
    shift 2
    printf '%s\r\n' "$@" QUIT | env -i TCPREMOTEIP=127.0.0.1 AUTHENTICATED=fixture "$pop3d" "$maildir" \
        2>>"$work/pop3d.log" | tr -d '\r' > "$work/session.out"
    if [ -n "$answer" ]; then
        python3 - "$work/session.out" "$answer" <<'EOF'
import sys
blocks, current = [], None
for line in open(sys.argv[1]).read().split("\n"):
    if current is None and line.startswith("+OK") and not line.startswith("+OK logged in"):
        current = []
    elif current is not None:
        if line == ".":
            blocks.append(current)
            current = None
        else:
            current.append(line)
uidls = dict(l.split(" ", 1) for l in blocks[0])
sizes = dict(l.split(" ", 1) for l in blocks[1])
with open(sys.argv[2], "w") as f:
    for number in uidls:
        f.write("%s %s %s\n" % (number, uidls[number], sizes[number]))
EOF
    fi
}

deliver() { # maildir file...
    local maildir=$1
    shift
    for file in "$@"; do
        deliverquota "$maildir" < "$file"
    done
}

m=$work/messages
printf '%s\n' 'From: One <one@sender.test>' 'Subject: first' 'Message-ID: <c1@sender.test>' '' 'Hello.' > "$m/1.eml"
printf '%s\n' 'From: Two <two@sender.test>' 'Subject: second' 'Message-ID: <c2@sender.test>' '' 'Body.' \
    '.a line that starts with a dot' > "$m/2.eml"
printf '%s\n' 'From: Three <three@sender.test>' 'Subject: third, no final line end' '' > "$m/3.eml"
printf 'no final line end' >> "$m/3.eml"
printf '%s\n' 'From: Four <four@sender.test>' 'Subject: fourth' '' 'Four.' > "$m/4.eml"

# alice: a Maildir++ quota; three messages, a session, the second deleted, two more, a session.
mkdir -p "$work/mail/example.com"
alice=$work/mail/example.com/alice/Maildir
mkdir -p "$(dirname "$alice")"
maildirmake -q 10000000S,100C "$alice"
deliver "$alice" "$m/1.eml" "$m/2.eml" "$m/3.eml"
session "$alice" "$work/answers/alice.1" UIDL LIST
cp "$alice/courierpop3dsizelist" "$work/alice-sizelist-1"
session "$alice" "" 'DELE 2'
deliver "$alice" "$m/4.eml" "$m/1.eml"
session "$alice" "$work/answers/alice.2" UIDL LIST

# bob: a plain Maildir whose list is rewritten in the older version 2 format, the second message
#      with UID 0 (the oldest Courier's file-name UIDL).
bob=$work/mail/example.org/bob/Maildir
mkdir -p "$(dirname "$bob")"
maildirmake "$bob"
deliver "$bob" "$m/1.eml" "$m/2.eml" "$m/4.eml"
session "$bob" "" UIDL
python3 - "$bob/courierpop3dsizelist" <<'EOF'
import sys
path = sys.argv[1]
lines = open(path).read().split("\n")
out = ["/2" + lines[0][2:]]
for i, line in enumerate(l for l in lines[1:] if l):
    name, size, uid = line.rsplit(" ", 2)
    n, v, utf8 = uid.split(":")
    out.append("%s %s %s:%s" % (name, size, "0" if i == 1 else n, "0" if i == 1 else v))
open(path, "w").write("\n".join(out) + "\n")
EOF
cp "$bob/courierpop3dsizelist" "$work/bob-sizelist-v2"
session "$bob" "$work/answers/bob.v2" UIDL LIST

# carol: a message whose file name has characters a UIDL cannot carry, listed with UID 0.
carol=$work/mail/example.com/carol/Maildir
mkdir -p "$(dirname "$carol")"
maildirmake "$carol"
deliver "$carol" "$m/1.eml"
awkward="$(cd "$carol/new" && ls)"
awkward="${awkward%%,*}\"quoted'+plus,S=$(stat -c %s "$m/4.eml"):2,"
cp "$m/4.eml" "$carol/cur/$awkward"
session "$carol" "" UIDL
python3 - "$carol/courierpop3dsizelist" <<'EOF'
import sys
path = sys.argv[1]
lines = open(path).read().split("\n")
out = [lines[0]]
for line in (l for l in lines[1:] if l):
    name, size, uid = line.rsplit(" ", 2)
    if '"' in name:
        uid = "0:0:0"
    out.append("%s %s %s" % (name, size, uid))
open(path, "w").write("\n".join(out) + "\n")
EOF
cp "$carol/courierpop3dsizelist" "$work/carol-sizelist-uid0"
session "$carol" "$work/answers/carol.uid0" UIDL LIST

# The accounts, in a userdb source file made by Courier's userdb and userdbpw: alice with an
# MD5-crypt password (userdbpw -md5), bob with the traditional crypt userdbpw writes by default,
# carol with a POP3-only password; dave without any password.
udb=$work/userdb
: > "$udb"
chmod 600 "$udb"
userdb -f "$udb" alice@example.com set "home=$work/mail/example.com/alice" "mail=$alice" uid=8 gid=8 \
    quota=10000000S,100C
echo alice-secret | userdbpw -md5 | userdb -f "$udb" alice@example.com set systempw
userdb -f "$udb" bob@example.org set "home=$work/mail/example.org/bob" uid=8 gid=8
echo bob-secret | userdbpw | userdb -f "$udb" bob@example.org set systempw
userdb -f "$udb" carol@example.com set "home=$work/mail/example.com/carol" uid=8 gid=8
echo carol-secret | userdbpw -md5 | userdb -f "$udb" carol@example.com set pop3pw
userdb -f "$udb" dave@example.com set "home=$work/mail/example.com/dave" uid=8 gid=8
makeuserdb -f "$udb"   # proves Courier accepts the file; the .dat files are not kept

# ---------------------------------------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"
cp -r "$work/mail" "$out/mail"
cp -r "$work/answers" "$out/answers"
cp "$work/alice-sizelist-1" "$work/bob-sizelist-v2" "$work/carol-sizelist-uid0" "$out/"
# The userdb with the scratch directory written as /home/vmail, as a real one would have it.
sed "s|$work/mail|/home/vmail|g" "$udb" > "$out/userdb"
chown -R --reference="$here" "$out"
{
    echo "courier-pop $(dpkg-deb -f "$work"/pkg/courier-pop_*.deb Version)"
    echo "courier-authlib-userdb $(dpkg-query -W -f '${Version}' courier-authlib-userdb)"
    echo "made $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out/VERSION"
echo "fixtures written to $out"
