#!/usr/bin/env python3
"""A third-party PSRP client (pypsrp 1.0.0b1's `psrp` package, on psrpcore) driving
`rosh -s` over its stdio: open a pool, run an Invoke-Command-style script with `$using:`
values, send pipeline input, run a two-command pipeline and a two-statement one, read errors,
send and receive SecureStrings (the session key exchange), stop a running pipeline, and close. Usage: pypsrp_client.py ROSH_EXECUTABLE

Prints "pypsrp client: all checks passed" when every check holds; any failure raises.
"""

import base64
import sys
import threading
import time

from psrp import ProcessInfo, SyncPowerShell, SyncRunspacePool
from psrpcore.types import PSSecureString


def check(label, got, want):
    if got != want:
        raise AssertionError(f"{label}: got {got!r}, want {want!r}")
    print(f"ok: {label}", file=sys.stderr)


def using_key(text):
    return base64.b64encode(text.encode("utf-16-le")).decode()


def main():
    rosh = sys.argv[1]
    info = ProcessInfo(executable=rosh, arguments=["-s"])
    with SyncRunspacePool(info) as pool:
        check("pool opens", str(pool.state), "RunspacePoolState.Opened")
        table = pool.application_private_data["PSVersionTable"]
        check("PSVersion 7.x in the private data", table["PSVersion"].major, 7)

        # Invoke-Command { param($a) "$a $using:Name" } -ArgumentList x, with $Name = 'World'
        ps = SyncPowerShell(pool)
        ps.add_script('param($a) "$a, $using:Name"; $using:Items[1]')
        ps.add_argument("Hello")
        ps.add_parameter("--%", {using_key("$using:name"): "World", using_key("$using:Items[1]"): 42})
        check("script with $using: values", ps.invoke(), ["Hello, World", 42])
        check("no errors", ps.had_errors, False)

        # Pipeline input streams into the script's $input.
        ps = SyncPowerShell(pool)
        ps.add_script("$input | ForEach-Object { $_ * 2 }")
        check("pipeline input", ps.invoke([1, 2, 3]), [2, 4, 6])

        # A two-command pipeline of commands with parameters.
        ps = SyncPowerShell(pool)
        ps.add_command("Write-Output").add_parameter("InputObject", [1, 2, 3, 4])
        ps.add_command("Measure-Object").add_parameter("Sum", True)
        measured = ps.invoke()
        check("two-command pipeline count", measured[0].Count, 4)
        check("two-command pipeline sum", measured[0].Sum, 10)

        # Two statements; the second writes an error record.
        ps = SyncPowerShell(pool)
        ps.add_script("'first'").add_statement().add_command("Write-Error").add_parameter("Message", "boom")
        out = ps.invoke()
        check("two statements output", out, ["first"])
        check("error record message", [str(e) for e in ps.streams.error], ["boom"])

        # SecureStrings: pypsrp exchanges the session key (PUBLIC_KEY, ENCRYPTED_SESSION_KEY)
        # before it sends one; what the server sends back is sealed with the same key.
        ps = SyncPowerShell(pool)
        ps.add_script(
            "param($p) $p.GetType().FullName; ConvertFrom-SecureString $p -AsPlainText; "
            "ConvertTo-SecureString ('back: ' + (ConvertFrom-SecureString $p -AsPlainText)) -AsPlainText"
        )
        ps.add_argument(PSSecureString("pässwörd €"))
        out = ps.invoke()
        check("a SecureString argument arrives as one", out[:2], ["System.Security.SecureString", "pässwörd €"])
        check("a SecureString comes back as one", type(out[2]).__name__, "PSSecureString")
        check("it opens with the session key", out[2].decrypt(), "back: pässwörd €")
        ps = SyncPowerShell(pool)
        ps.add_script("$input | ForEach-Object { ConvertFrom-SecureString $_ -AsPlainText }")
        check("SecureString input", ps.invoke([PSSecureString("piped secret")]), ["piped secret"])

        # State persists between pipelines of one pool.
        ps = SyncPowerShell(pool)
        ps.add_script("$global:kept = 'still here'")
        ps.invoke()
        ps = SyncPowerShell(pool)
        ps.add_script("$global:kept")
        check("state persists", ps.invoke(), ["still here"])

        # A terminating error fails the pipeline with its error record.
        ps = SyncPowerShell(pool)
        ps.add_script("throw 'failed on purpose'")
        try:
            ps.invoke()
            raise AssertionError("a thrown error must fail the pipeline")
        except Exception as e:  # pypsrp raises PipelineFailed
            check("failure carries the message", "failed on purpose" in str(e), True)

        # Stop: a long pipeline ends when the client stops it.
        ps = SyncPowerShell(pool)
        ps.add_script("Start-Sleep 60")
        started = time.monotonic()
        task = ps.invoke_async()
        time.sleep(1)
        ps.stop()
        try:
            ps.end_invoke(task)
        except Exception:
            pass
        check("stopped promptly", time.monotonic() - started < 30, True)

        ps = SyncPowerShell(pool)
        ps.add_script("'usable after a stop'")
        check("pool usable after a stop", ps.invoke(), ["usable after a stop"])
    print("pypsrp client: all checks passed", file=sys.stderr)


if __name__ == "__main__":
    main()
