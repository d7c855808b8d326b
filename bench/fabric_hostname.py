#!/usr/bin/env python3
"""Fabric's side of bench/src/ssh.rs: runs `hostname` on every host given, all at once
(ThreadingGroup), and prints one line per host that answered.

usage: fabric_hostname.py PORT USER KEY KNOWN_HOSTS HOST..."""

import sys

from fabric import ThreadingGroup

port, user, key, known_hosts, *hosts = sys.argv[1:]
group = ThreadingGroup(
    *hosts,
    port=int(port),
    user=user,
    connect_kwargs={"key_filename": key, "look_for_keys": False, "allow_agent": False},
)
for connection in group:
    connection.client.load_host_keys(known_hosts)
results = group.run("hostname", hide=True, warn=True)
for connection, result in results.items():
    if result.ok:
        print(f"{connection.host} {result.stdout.strip()}")
