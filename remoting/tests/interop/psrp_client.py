#!/usr/bin/env python3
"""A third-party PSRP client for rosh's interop tests: psrpcore's ClientRunspacePool and
ClientPowerShell, framed as OutOfProc lines on stdout (requests) and stdin (answers), with
PowerShell's client rules (one outstanding <Data> per channel, <Command> before a
pipeline's data).

The server on the other end is rosh's server core with the toy engine of
``remoting/tests/interop.rs``: every pipeline outputs "created" and one warning, then its
input; Start-Sleep runs until stopped. Checks failing raise; on success the last line on
stderr is "psrpcore client: all checks passed".
"""

import base64
import re
import sys
import uuid

import psrpcore
import psrpcore.types as ps

NIL = uuid.UUID(int=0)
PACKET = re.compile(
    r"^<(?P<name>\w+)(?P<attrs>(?:\s+\w+\s*=\s*'[^']*')*)\s*(?:/>|>(?P<body>[^<]*)</(?P=name)>)$"
)
ATTRIBUTE = re.compile(r"(\w+)\s*=\s*'([^']*)'")


class Link:
    def __init__(self, pool):
        self.pool = pool
        self.events = []
        self.acks = []

    def write(self, line):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def read(self):
        line = sys.stdin.readline()
        if not line:
            raise EOFError("server closed the connection")
        match = PACKET.match(line.strip())
        if match is None:
            raise ValueError("not a packet: %r" % line[:100])
        name = match.group("name")
        guid = uuid.UUID(dict(ATTRIBUTE.findall(match.group("attrs")))["PSGuid"])
        if name == "Data":
            pid = None if guid == NIL else guid
            data = base64.b64decode(match.group("body") or "")
            self.pool.receive_data(psrpcore.PSRPPayload(data, psrpcore.StreamType.default, pid))
            while True:
                event = self.pool.next_event()
                if event is None:
                    break
                self.events.append(event)
        else:
            self.acks.append((name, guid))

    def wait_ack(self, name, guid):
        while (name, guid) not in self.acks:
            self.read()
        self.acks.remove((name, guid))

    def send_data(self):
        while True:
            payload = self.pool.data_to_send(32768)
            if payload is None:
                return
            guid = payload.pipeline_id or NIL
            stream = "PromptResponse" if payload.stream_type == psrpcore.StreamType.prompt_response else "Default"
            self.write(
                "<Data Stream='%s' PSGuid='%s'>%s</Data>"
                % (stream, guid, base64.b64encode(payload.data).decode("ascii"))
            )
            self.wait_ack("DataAck", guid)

    def wait_event(self, predicate):
        while True:
            for i, event in enumerate(self.events):
                if predicate(event):
                    return self.events.pop(i)
            self.read()


def is_state(pid, state):
    return lambda e: type(e).__name__ == "PipelineStateEvent" and e.pipeline_id == pid and e.state == state


def outputs_of(link, pid):
    found = [e.data for e in link.events if type(e).__name__ == "PipelineOutputEvent" and e.pipeline_id == pid]
    link.events = [e for e in link.events if not (type(e).__name__ == "PipelineOutputEvent" and e.pipeline_id == pid)]
    return found


def run_pipeline(link, pool, build, inputs=None):
    shell = psrpcore.ClientPowerShell(pool, no_input=inputs is None)
    build(shell)
    link.write("<Command PSGuid='%s' />" % shell.pipeline_id)
    link.wait_ack("CommandAck", shell.pipeline_id)
    shell.start()
    link.send_data()
    for item in inputs or []:
        shell.send(item)
    if inputs is not None:
        shell.send_eof()
    link.send_data()
    return shell


def main():
    pool = psrpcore.ClientRunspacePool()
    link = Link(pool)
    pool.open()
    link.send_data()
    link.wait_event(lambda e: type(e).__name__ == "RunspacePoolStateEvent" and e.state == ps.RunspacePoolState.Opened)
    assert pool.state == ps.RunspacePoolState.Opened, pool.state
    version = pool.application_private_data["PSVersionTable"]["PSVersion"]
    assert str(version).startswith("7."), version
    print("opened; server PSVersion %s" % version, file=sys.stderr)

    shell = run_pipeline(link, pool, lambda s: s.add_script("Get-Date").add_argument("x"))
    link.wait_event(is_state(shell.pipeline_id, ps.PSInvocationState.Completed))
    assert outputs_of(link, shell.pipeline_id) == ["created"]
    warnings = [e for e in link.events if type(e).__name__ == "WarningRecordEvent"]
    assert len(warnings) == 1 and warnings[0].record.Message == "careful", warnings
    link.events.clear()
    shell.close()
    link.write("<Close PSGuid='%s' />" % shell.pipeline_id)
    link.wait_ack("CloseAck", shell.pipeline_id)

    shell = run_pipeline(link, pool, lambda s: s.add_command("ForEach-Object"), inputs=["in1", 2, "x" * 40000])
    link.wait_event(is_state(shell.pipeline_id, ps.PSInvocationState.Completed))
    assert outputs_of(link, shell.pipeline_id) == ["created", "in1", 2, "x" * 40000]
    link.events.clear()
    shell.close()
    link.write("<Close PSGuid='%s' />" % shell.pipeline_id)
    link.wait_ack("CloseAck", shell.pipeline_id)

    shell = run_pipeline(link, pool, lambda s: s.add_command("Start-Sleep").add_parameter("Seconds", 60))
    link.write("<Signal PSGuid='%s' />" % shell.pipeline_id)
    event = link.wait_event(is_state(shell.pipeline_id, ps.PSInvocationState.Stopped))
    assert event.reason is not None and "stopped" in str(event.reason).lower(), event.reason
    link.wait_ack("SignalAck", shell.pipeline_id)
    shell.close()
    link.write("<Close PSGuid='%s' />" % shell.pipeline_id)
    link.wait_ack("CloseAck", shell.pipeline_id)

    pool.set_max_runspaces(3)
    link.send_data()
    event = link.wait_event(lambda e: type(e).__name__ == "SetRunspaceAvailabilityEvent")
    assert event.success is True, event
    assert pool.max_runspaces == 3, pool.max_runspaces

    pool.close()
    link.write("<Close PSGuid='%s' />" % NIL)
    link.wait_ack("CloseAck", NIL)
    print("psrpcore client: all checks passed", file=sys.stderr)


if __name__ == "__main__":
    main()
