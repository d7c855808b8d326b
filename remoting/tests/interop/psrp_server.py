#!/usr/bin/env python3
"""A third-party PSRP peer for rosh's interop tests: an OutOfProc server on stdio.

The protocol is psrpcore's (sans-I/O ServerRunspacePool / ServerPipeline); this script
only frames it as OutOfProc lines, applies PowerShell's acknowledgement rules, and plays a
toy engine whose answers the Rust test can check:

* every command of every statement is reported as one output string
  ``"<command>|script=<bool>|<name>=<value>,..."`` (positional arguments get name ``-``);
* pipeline input objects are echoed back after that;
* a command named ``Emit-Records`` also writes a warning, a verbose, a debug, an
  information, a progress and an error record, and a void host call (WriteLine2);
* a command named ``Start-Sleep`` keeps the pipeline running until ``<Signal>``;
* a command named ``Request-Key`` asks the client for the session key exchange
  (PUBLIC_KEY_REQUEST);
* a command named ``Open-Secrets`` writes ``secret=<text>`` for each SecureString argument
  it got and then a SecureString of its own, ``from psrpcore``.

Run by ``remoting/tests/interop.rs``; nothing else may be printed on stdout.
"""

import base64
import re
import sys
import uuid

import psrpcore
import psrpcore.types as ps

NIL = uuid.UUID(int=0)
FRAGMENT_SIZE = 32768
PACKET = re.compile(
    r"^<(?P<name>\w+)(?P<attrs>(?:\s+\w+\s*=\s*'[^']*')*)\s*(?:/>|>(?P<body>[^<]*)</(?P=name)>)$"
)
ATTRIBUTE = re.compile(r"(\w+)\s*=\s*'([^']*)'")


def send(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def control(name, guid):
    send("<%s PSGuid='%s' />" % (name, guid))


class Peer:
    def __init__(self):
        self.pool = psrpcore.ServerRunspacePool()
        self.pipelines = {}
        self.inputs = {}

    def flush(self):
        while True:
            payload = self.pool.data_to_send(FRAGMENT_SIZE)
            if payload is None:
                break
            guid = payload.pipeline_id or NIL
            body = base64.b64encode(payload.data).decode("ascii")
            send("<Data Stream='Default' PSGuid='%s'>%s</Data>" % (guid, body))

    def line(self, text):
        match = PACKET.match(text.strip())
        if match is None:
            raise ValueError("not a packet: %r" % text[:100])
        name = match.group("name")
        attrs = dict(ATTRIBUTE.findall(match.group("attrs")))
        guid = uuid.UUID(attrs["PSGuid"])
        pid = None if guid == NIL else guid
        if name == "Data":
            stream = (
                psrpcore.StreamType.prompt_response
                if attrs.get("Stream") == "PromptResponse"
                else psrpcore.StreamType.default
            )
            data = base64.b64decode(match.group("body") or "")
            self.pool.receive_data(psrpcore.PSRPPayload(data, stream, pid))
            while True:
                event = self.pool.next_event()
                if event is None:
                    break
                self.on_event(event)
            self.flush()
            control("DataAck", guid)
        elif name == "Command":
            self.pipelines[guid] = psrpcore.ServerPipeline(self.pool, guid)
            self.inputs[guid] = []
            control("CommandAck", guid)
        elif name == "Signal":
            pipeline = self.pipelines.get(guid)
            if pipeline is not None and pipeline.state == ps.PSInvocationState.Running:
                pipeline.stop()
                self.flush()
            control("SignalAck", guid)
        elif name == "Close":
            if pid is None:
                self.pool.close()
                self.flush()
            else:
                self.pipelines.pop(guid, None)
                self.pool.pipeline_table.pop(guid, None)
            control("CloseAck", guid)
        else:
            raise ValueError("unexpected packet <%s>" % name)

    def on_event(self, event):
        kind = type(event).__name__
        if kind == "CreatePipelineEvent":
            if event.pipeline.no_input:
                self.run(event.pipeline_id)
        elif kind == "PipelineInputEvent":
            self.inputs[event.pipeline_id].append(event.data)
        elif kind == "EndOfPipelineInputEvent":
            self.run(event.pipeline_id)
        elif kind in ("SetMaxRunspacesEvent", "SetMinRunspacesEvent"):
            self.pool.runspace_availability_response(event.ci, True)
        elif kind == "GetAvailableRunspacesEvent":
            self.pool.runspace_availability_response(event.ci, 1)

    def run(self, pid):
        pipeline = self.pipelines[pid]
        pipeline.start()
        statements = [pipeline.metadata.commands]
        names = []
        for statement in statements:
            for command in statement:
                names.append(command.command_text)
                args = ",".join(
                    "%s=%s" % (name if name is not None else "-", value)
                    for name, value in command.parameters
                )
                pipeline.write_output(
                    "%s|script=%s|%s" % (command.command_text, bool(command.is_script), args)
                )
        for item in self.inputs.get(pid, []):
            pipeline.write_output(item)
        if "Emit-Records" in names:
            pipeline.write_warning("a warning")
            pipeline.write_verbose("a verbose message")
            pipeline.write_debug("a debug message")
            pipeline.write_information("an information", "Emit-Records")
            pipeline.write_progress("Activity", 1, "Halfway", percent_complete=50)
            pipeline.write_error(
                ps.NETException(Message="an error"),
                ps.ErrorCategoryInfo(Category=ps.ErrorCategory.NotSpecified, Reason="Oops"),
                fully_qualified_error_id="Interop.Error",
            )
            pipeline.host_call(ps.HostMethodIdentifier.WriteLine2, ["via the host"])
        if "Request-Key" in names:
            self.pool.request_key()
        if "Open-Secrets" in names:
            for command in pipeline.metadata.commands:
                for _, value in command.parameters:
                    if isinstance(value, ps.PSSecureString):
                        pipeline.write_output("secret=" + value.decrypt())
            pipeline.write_output(ps.PSSecureString("from psrpcore"))
        if "Start-Sleep" in names:
            return
        pipeline.complete()


def main():
    peer = Peer()
    for raw in sys.stdin:
        text = raw.rstrip("\r\n")
        if not text:
            break
        try:
            peer.line(text)
        except Exception as error:  # report as pwsh -sshs does, then stop
            send("__NamedPipeError__:%s: %s" % (type(error).__name__, error))
            raise


if __name__ == "__main__":
    main()
