"""Test-wide setup: no screen, strict warnings, hypothesis profiles, log hygiene."""

from __future__ import annotations

import os
from pathlib import Path

# Before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# Never touch the developer's real keyring from a test.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=200, deadline=None)
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")

DATA = Path(__file__).parent / "data"


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, object]:
    """Tests marked ``qt`` run on a qasync loop: Qt timers, signals and painting work
    while they await, exactly as in the app. The others get a plain asyncio loop."""
    if item.get_closest_marker("qt"):
        import qasync
        from PySide6.QtWidgets import QApplication  # PySide6 before qasync

        return {"qt": lambda: qasync.QEventLoop(QApplication.instance() or QApplication([]))}
    import asyncio

    return {"asyncio": asyncio.new_event_loop}


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the real user's settings, history or secret."""
    monkeypatch.setenv("MYPBXDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MYPBXDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MYPBXDESK_SECRET", raising=False)
