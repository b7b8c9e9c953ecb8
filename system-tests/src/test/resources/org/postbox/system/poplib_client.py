"""A POP3 client that keeps its mail on the server, as people write them with poplib.

    poplib_client.py STATE HOST PORT [USER PASSWORD FOLDER]...

For each account: log in with USER/PASS, ask UIDL, fetch (RETR) every message whose UIDL is not
in STATE yet into a file of FOLDER, and add its UIDL to STATE, a JSON object from user to the
list of UIDLs fetched. Nothing is deleted. Any error ends the program with a non-zero status.
"""
import json
import os
import poplib
import sys

state_file, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
accounts = sys.argv[4:]
state = {}
if os.path.exists(state_file):
    with open(state_file) as f:
        state = json.load(f)

for user, password, folder in zip(accounts[0::3], accounts[1::3], accounts[2::3]):
    seen = state.setdefault(user, [])
    known = set(seen)
    box = poplib.POP3(host, port, timeout=60)
    box.user(user)
    box.pass_(password)
    for line in box.uidl()[1]:
        number, uidl = line.decode("ascii").split(" ", 1)
        if uidl in known:
            continue
        # poplib gives the lines without their line ends, dot-stuffing undone.
        lines = box.retr(int(number))[1]
        with open(os.path.join(folder, "%06d.eml" % len(seen)), "wb") as f:
            f.write(b"".join(l + b"\n" for l in lines))
        seen.append(uidl)
        known.add(uidl)
    box.quit()
    with open(state_file + ".new", "w") as f:
        json.dump(state, f)
    os.replace(state_file + ".new", state_file)
