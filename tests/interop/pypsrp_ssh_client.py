#!/usr/bin/env python3
"""A third-party PSRP client over SSH: pypsrp 1.0.0b1's `psrp.SSHInfo` (asyncssh, its own SSH
implementation) reaches a real sshd whose `rosh` subsystem runs `rosh -sshs`, as a PowerShell 7
client does with `-HostName h -Subsystem rosh`. It opens a pool, runs a script with `$using:`
values and an argument, streams pipeline input, reads an error record, keeps state between
pipelines and closes.

Usage: pypsrp_ssh_client.py HOST PORT USER KEY_FILE KNOWN_HOSTS [SUBSYSTEM]
Prints "pypsrp ssh client: all checks passed" on stderr when every check holds; a failure raises.
"""

import asyncio
import base64
import sys

import asyncssh
from psrp import AsyncPowerShell, AsyncRunspacePool, SSHInfo


def check(label, got, want):
    if got != want:
        raise AssertionError(f"{label}: got {got!r}, want {want!r}")
    print(f"ok: {label}", file=sys.stderr)


def using_key(text):
    return base64.b64encode(text.encode("utf-16-le")).decode()


async def main():
    host, port, user, key, known_hosts = sys.argv[1:6]
    subsystem = sys.argv[6] if len(sys.argv) > 6 else "rosh"
    options = asyncssh.SSHClientConnectionOptions(
        username=user,
        client_keys=[key],
        known_hosts=known_hosts,
        agent_path=None,
    )
    info = SSHInfo(host, port=int(port), subsystem=subsystem, options=options)
    async with AsyncRunspacePool(info) as pool:
        check("pool opens", str(pool.state), "RunspacePoolState.Opened")
        table = pool.application_private_data["PSVersionTable"]
        check("PSVersion 7.x in the private data", table["PSVersion"].major, 7)

        ps = AsyncPowerShell(pool)
        ps.add_script('param($a) "$a, $using:Name"; ($env:SSH_CONNECTION -split " ")[2]')
        ps.add_argument("Hello")
        # PowerShell keys a simple `$using:` variable by its lower-cased text.
        ps.add_parameter("--%", {using_key("$using:name"): "World"})
        out = await ps.invoke()
        check("no errors", [str(e) for e in ps.streams.error], [])
        check("script with an argument and $using: over ssh", out, ["Hello, World", host])

        ps = AsyncPowerShell(pool)
        ps.add_script("$input | ForEach-Object { [pscustomobject]@{ N = $_ * 2 } }")
        out = await ps.invoke([1, 2, 3])
        check("pipeline input comes back as objects", [o.N for o in out], [2, 4, 6])

        ps = AsyncPowerShell(pool)
        ps.add_script("$global:kept = $PID; Write-Error 'boom'")
        await ps.invoke()
        check("error record over ssh", [str(e) for e in ps.streams.error], ["boom"])

        ps = AsyncPowerShell(pool)
        ps.add_script("$global:kept -eq $PID")
        check("state persists in the remote runspace", await ps.invoke(), [True])

    print("pypsrp ssh client: all checks passed", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
