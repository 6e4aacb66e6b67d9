"""Real event streams mangled the way a buggy PBX or a lossy link would: events
dropped, doubled, swapped, cut short, a header lost or its value replaced by junk.

Shared by the property tests of the call model (tests/reliability/test_abuse.py)
and of the console's models (tests/console/test_properties.py).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from mypbxdesk.ami import Message

#: Values a header may get instead of its own: empty, NUL, undecodable, Asterisk's
#: placeholders, a smuggled line break, overlong, negative, a state word.
JUNK = ("", "\x00", "M\udcfcller", "<unknown>", "SIP/474-1\r\nX", "9" * 300, "-1", "Up")
OPS = ("drop", "dup", "swap", "header", "value", "cut")


def mangle(
    events: Sequence[Message], rnd: random.Random, times: int, junk: Sequence[str] = JUNK
) -> list[Message]:
    """``events`` after ``times`` random mangling steps (the input is not changed)."""
    out = list(events)
    for _ in range(times):
        if not out:
            break
        i = rnd.randrange(len(out))
        op = rnd.choice(OPS)
        if op == "drop":
            del out[i]
        elif op == "dup":
            out.insert(i, out[i])
        elif op == "swap" and i + 1 < len(out):
            out[i], out[i + 1] = out[i + 1], out[i]
        elif op in ("header", "value"):
            headers = list(out[i].headers)
            if len(headers) > 1:
                j = rnd.randrange(1, len(headers))
                if op == "header":
                    del headers[j]
                else:
                    headers[j] = (headers[j][0], rnd.choice(junk))
                out[i] = Message(headers)
        elif op == "cut":
            out = out[:i]
    return out
