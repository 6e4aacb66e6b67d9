"""``mypbxdesk monitor | head -n1``: once the reader has gone, monitor leaves
quietly (issue 12, item 2) — a real OS pipe whose read end is closed, a real
process, the simulated PBX making calls."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from mypbxdesk.sim import SimulatedPbx

from .test_cli import _env, pytestmark, sim  # noqa: F401 - the sim fixture

__all__ = ["pytestmark"]


async def _read_line(fd: int, timeout: float) -> bytes:
    """One line from the non-blocking ``fd`` (what ``head -n1`` reads)."""
    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        try:
            chunk = os.read(fd, 1)  # byte by byte: leave the rest unread, as head may
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no line within {timeout} s, got {data!r}") from None
            await asyncio.sleep(0.02)
            continue
        if not chunk:
            break
        data += chunk
    return data


async def test_monitor_exits_quietly_when_its_reader_goes_away(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        "monitor",
        "--host",
        "127.0.0.1",
        "--port",
        str(sim.port),
        "--extension",
        "474",
        env=_env(tmp_path, "password"),
        stdout=write_end,
        stderr=asyncio.subprocess.PIPE,
    )
    os.close(write_end)  # the process holds the only write end now
    assert proc.stderr is not None
    try:
        line = await asyncio.wait_for(proc.stderr.readline(), 15)
        while b"connected:" not in line:
            line = await asyncio.wait_for(proc.stderr.readline(), 15)
        await sim.incoming_call(caller="13806012345", to="474", outcome="missed", ring_time=0.3)
        first = await _read_line(read_end, 15)
        assert b'"event": "ringing"' in first
        os.close(read_end)  # head -n1 has its line and leaves
        read_end = -1
        for caller in ("13900001111", "13900002222"):  # more changes to write
            await sim.incoming_call(caller=caller, to="474", outcome="missed", ring_time=0.1)
        started = time.monotonic()
        err = await asyncio.wait_for(proc.stderr.read(), 10)
        await asyncio.wait_for(proc.wait(), 10)
        took = time.monotonic() - started
    finally:
        if read_end >= 0:
            os.close(read_end)
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    text = err.decode()
    assert proc.returncode == 0, text
    assert "Traceback" not in text and "BrokenPipe" not in text and "Exception" not in text
    assert took < 5
