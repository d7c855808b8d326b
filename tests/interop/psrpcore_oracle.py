#!/usr/bin/env python3
"""psrpcore as an oracle for rosh's CLIXML (run by tests/clixml_interop.rs from .venv).

    psrpcore_oracle.py read FILE   FILE is JSON {"elements": {name: clixml}, "document": clixml}.
                                   Prints JSON {"elements": {name: description},
                                   "document": [description, ...]} of what psrpcore reads.
    psrpcore_write                 Prints JSON {"elements": {name: clixml}, "document": clixml}
                                   of values psrpcore serializes, for rosh to read.

A description is plain JSON: {"py": class name, "type_names": [...] or null,
"value": ..., "props": {...}, "to_string": ...}, so the Rust side can check types and values.
"""

import base64
import datetime
import decimal
import json
import sys
import uuid
import xml.etree.ElementTree as ET

import psrpcore.types as T
from psrpcore import PSRemotingCrypto


def cipher():
    c = PSRemotingCrypto()
    c.register_key(bytes(range(32)))
    return c


CIPHER = cipher()


def describe(v, depth=0):
    if depth > 20:
        return {"py": "...", "value": None}
    ps = getattr(v, "PSObject", None)
    out = {
        "py": type(v).__name__,
        "type_names": list(ps.type_names) if ps is not None else None,
    }
    if v is None or isinstance(v, bool):
        out["value"] = v
    elif isinstance(v, int):
        out["value"] = int(v)
    elif isinstance(v, float):
        out["value"] = repr(float(v))
    elif isinstance(v, decimal.Decimal):
        out["value"] = str(v)
    elif isinstance(v, str):
        out["value"] = str(v)
    elif isinstance(v, datetime.datetime):
        out["value"] = v.isoformat()
        out["nanosecond"] = getattr(v, "nanosecond", 0)
    elif isinstance(v, datetime.timedelta):
        out["value"] = v // datetime.timedelta(microseconds=1)
    elif isinstance(v, uuid.UUID):
        out["value"] = str(v)
    elif isinstance(v, bytes):
        out["value"] = base64.b64encode(v).decode()
    elif isinstance(v, dict):
        out["value"] = [[describe(k, depth + 1), describe(x, depth + 1)] for k, x in v.items()]
    elif isinstance(v, list):
        out["value"] = [describe(x, depth + 1) for x in v]
    else:
        out["value"] = str(v)
    if ps is not None and not isinstance(v, (dict, list)):
        props = [p.name for p in ps.adapted_properties] + [p.name for p in ps.extended_properties]
        if props:
            out["props"] = {p: describe(getattr(v, p, None), depth + 1) for p in props}
        if ps.to_string and " at 0x" not in str(ps.to_string):
            out["to_string"] = str(ps.to_string)
    return out


def read(path):
    with open(path, encoding="utf-8") as f:
        given = json.load(f)
    result = {"elements": {}, "document": []}
    for name, text in given["elements"].items():
        result["elements"][name] = describe(T.deserialize(ET.fromstring(text), CIPHER))
    for value in T.deserialize_clixml(given["document"], CIPHER):
        result["document"].append(describe(value))
    return result


def write():
    widget = T.PSObject()
    widget.PSObject.type_names = ["My.Namespace.Widget", "System.Object"]
    T.add_note_property(widget, "Size", T.PSInt(10))
    T.add_note_property(widget, "Label", "big_xlabel")
    values = {
        "string": "tab\there <&> _x0041_ \U0001F600",
        "int": T.PSInt(-7),
        "long": T.PSInt64(1 << 40),
        "double": T.PSDouble(0.1),
        "single": 1.5,
        "decimal": decimal.Decimal("1.50"),
        "bool": True,
        "null": None,
        "datetime": datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc),
        "timespan": datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500000),
        "guid": uuid.UUID("6c1f0b1e-2f4b-4a8e-9d2b-0123456789ab"),
        "bytes": b"\x00\x01\xffhi",
        "version": T.PSVersion("1.2.3.4"),
        "char": T.PSChar("A"),
        "list": [1, "two", None, [3, 4]],
        "dict": {"a": 1, "b": {"inner": True}},
        "custom": T.PSCustomObject(Name="outer", Child=T.PSCustomObject(Id=T.PSInt(7)), Tags=["x", "y"]),
        "widget": widget,
    }
    shared = T.PSCustomObject(Id=T.PSInt(1))
    values["shared"] = [shared, shared]
    elements = {name: ET.tostring(T.serialize(v, CIPHER), encoding="unicode") for name, v in values.items()}
    document = T.serialize_clixml([T.PSCustomObject(A=T.PSInt(1)), "two", T.PSInt(3)], CIPHER)
    return {"elements": elements, "document": document}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "read":
        result = read(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "write":
        result = write()
    else:
        sys.exit("usage: psrpcore_oracle.py read FILE | write")
    json.dump(result, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
