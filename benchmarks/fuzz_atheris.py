"""Coverage-guided fuzzing of the AMI parser and the call model with atheris (libFuzzer).

Issue 6 (abuse): random bytes, truncated messages, huge headers, NUL bytes, invalid
UTF-8 — no exception but ``ProtocolError`` may escape the parser, the parser's buffer
stays bounded, and whatever it frames goes through ``CallTracker`` without an
exception. Seeded with the real 1.8 and Asterisk 22 captures of tests/data.

atheris is optional (``pip install atheris``); the hypothesis properties in tests/ run
in every CI run without it.

    .venv/bin/python benchmarks/fuzz_atheris.py [-runs=200000] [-max_total_time=120]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import atheris  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: E402

with atheris.instrument_imports():
    from mypbxdesk.ami.errors import ProtocolError
    from mypbxdesk.ami.framing import MAX_LINE, MAX_MESSAGE, Parser
    from mypbxdesk.ami.message import Message
    from mypbxdesk.calls import CallTracker, MyPhone

DATA = HERE.parent / "tests" / "data"


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    banner = fdp.ConsumeBool()
    step = fdp.ConsumeIntInRange(1, 4096)
    stream = fdp.ConsumeBytes(fdp.remaining_bytes())
    if banner:
        stream = b"Asterisk Call Manager/1.1\r\n" + stream
    parser = Parser(expect_banner=True)
    tracker = CallTracker(MyPhone("474", dahdi_port=5), clock=lambda: 1.0e9, linger=0.0)
    for i in range(0, len(stream) + 1, step):
        parser.feed(stream[i : i + step] or b"")
        assert parser.buffered <= MAX_MESSAGE + MAX_LINE + step, parser.buffered
        try:
            items = parser.drain()
        except ProtocolError:
            return
        for item in items:
            if isinstance(item, Message):
                tracker.apply(item)
                tracker.lookups_needed()
    tracker.tick()
    tracker.resync([])


def main() -> None:
    corpus = Path(tempfile.mkdtemp(prefix="ami-corpus-"))
    for n, path in enumerate(sorted(DATA.rglob("*.raw"))):
        raw = path.read_bytes()
        (corpus / f"seed{n}").write_bytes(b"\x01\x00\x04" + raw[:60_000])
    args = [sys.argv[0], str(corpus), "-rss_limit_mb=1024"]
    extra = sys.argv[1:] or ["-max_total_time=120"]
    atheris.Setup(args + extra, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
