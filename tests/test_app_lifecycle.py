"""The real app process: SIGTERM (logout, shutdown) quits like the Quit menu."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from mypbxdesk.sim import SimulatedPbx

from .test_cli import pytestmark, sim  # noqa: F401 - the sim fixture

__all__ = ["pytestmark"]


@pytest.mark.slow
async def test_sigterm_logs_off_cleanly_and_exits_0(sim: SimulatedPbx, tmp_path: Path) -> None:
    config = tmp_path / "app.toml"
    config.write_text(f'[pbx]\nhost = "127.0.0.1"\nport = {sim.port}\n[phone]\nextension = "474"\n')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MYPBXDESK_SECRET="password")
    app = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        "--config",
        str(config),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(30):
            while sim.clients < 1 or not any(m.name == "Login" for m in sim.actions_received):
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # the resync after login
        app.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(app.communicate(), 30)
    finally:
        if app.returncode is None:
            app.kill()
            await app.wait()
    assert app.returncode == 0, err.decode()
    assert b"Traceback" not in err
    assert [m.name for m in sim.actions_received].count("Logoff") == 1
    async with asyncio.timeout(5):
        while sim.clients:
            await asyncio.sleep(0.05)
