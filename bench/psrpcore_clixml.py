#!/usr/bin/env python3
"""psrpcore's side of bench/src/clixml.rs: serialize then deserialize N PSCustomObjects of
five mixed properties as one CLIXML document; prints JSON {"serialize_s", "deserialize_s",
"bytes"}."""

import datetime
import json
import sys
import time

import psrpcore.types as T
from psrpcore import PSRemotingCrypto

n = int(sys.argv[1])
cipher = PSRemotingCrypto()
when = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
objects = [
    T.PSCustomObject(
        Name=f"item{i}",
        Id=T.PSInt(i),
        Value=T.PSDouble(i * 0.5),
        When=when,
        Flag=(i % 2 == 0),
    )
    for i in range(n)
]
t = time.perf_counter()
text = T.serialize_clixml(objects, cipher)
ser = time.perf_counter() - t
t = time.perf_counter()
back = T.deserialize_clixml(text, cipher)
de = time.perf_counter() - t
assert len(back) == n
json.dump({"serialize_s": ser, "deserialize_s": de, "bytes": len(text)}, sys.stdout)
