"""The app forgets calls older than ``history_days`` at start and twice a day."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import MyPhone
from mypbxdesk.ui.app import HISTORY_PRUNE_MS, keep_history
from mypbxdesk.ui.bridge import PbxBridge

from ..calls.replay import load, replay

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

CAPTURE = "captures18/3-call-470-to-474-answered.from-pbx.raw"


async def test_old_calls_are_forgotten_new_ones_kept(qtbot: QtBot, bridge: PbxBridge) -> None:
    history = bridge._service.history
    assert history is not None and bridge.settings.history_days == 365
    changes = replay(load(CAPTURE), MyPhone("474")).changes
    now = time.time()
    for age_days, tag in ((400, "old"), (2, "recent")):
        for change in changes:
            call = replace(
                change.call,
                call_id=f"{tag}-{change.call.call_id}",
                started_at=now - age_days * 86_400,
            )
            history.record(replace(change, call=call))
    assert len(history.recent()) == 2
    timer = keep_history(history, bridge)
    try:
        assert [e.call_id.split("-")[0] for e in history.recent()] == ["recent"]
        assert timer.isActive() and timer.interval() == HISTORY_PRUNE_MS
    finally:
        timer.stop()
    bridge._service.settings = replace(bridge.settings, history_days=1)
    timer = keep_history(history, bridge)
    timer.stop()
    assert history.recent() == []
    idle = keep_history(None, bridge)  # no history file: nothing to do, no error
    assert idle.isActive()
    idle.stop()
