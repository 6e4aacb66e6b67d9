"""Test-wide setup: no screen, strict warnings, hypothesis profiles, log hygiene."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# Never touch the developer's real keyring from a test.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import pytest
from hypothesis import HealthCheck, settings

# The test command (README, CI) runs the property tests with a fixed seed: a run
# that passes passes again, and a submission is not failed by a random new example.
# Looking for new ones is a separate, deliberate run: HYPOTHESIS_PROFILE=explore
# (random, 2,000 examples each); what it finds becomes an @example.
settings.register_profile("default", max_examples=200, deadline=None, derandomize=True)
settings.register_profile(
    "ci",
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)

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
    # Never hand requests to (or claim the name of) a real running app.
    monkeypatch.setenv("MYPBXDESK_INSTANCE", f"mypbxdesk-test-{os.getpid()}-{id(tmp_path):x}")


# -- secrets: a whole-suite net ------------------------------------------------------------
# Every secret the tests log in with or store. ``password`` is the simulated and the real
# Asterisk admin's secret; UNIQUE_SECRET is used only by tests/reliability/test_secrets.py.
UNIQUE_SECRET = "Zq7-unique-AMI-secret-91x"
KNOWN_SECRETS = ("password", "s3cr3t", "hunter2", UNIQUE_SECRET)


class _SecretNet(logging.Handler):
    """Sees every log record of every test (at the level its logger lets through) and
    keeps the ones whose text or exception message contains a known secret.

    Raw records, before any RedactingFilter: the app must never *log* a secret, the
    filter is only the last line of defence.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.leaks: list[str] = []
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1
        try:
            text = record.getMessage()
        except Exception:  # a broken format string is another test's business
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += " | " + repr(record.exc_info[1])
        for secret in KNOWN_SECRETS:
            if secret in text:
                self.leaks.append(f"{record.name}: {text[:300]}")


@pytest.fixture(scope="session", autouse=True)
def secret_net() -> Iterator[_SecretNet]:
    """Whole-suite check: no known secret in any log record of any test (INFO and up
    always; DEBUG, i.e. the AMI wire log, wherever a test turns it on)."""
    net = _SecretNet()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(net)
    root.setLevel(min(old_level, logging.INFO) if old_level else logging.INFO)
    try:
        yield net
    finally:
        root.removeHandler(net)
        root.setLevel(old_level)
    assert net.leaks == [], "a secret reached the logs:\n" + "\n".join(net.leaks[:20])


# -- log hygiene: an unexpected WARNING or ERROR fails the test (qutebrowser's logfail) ------
class _LogFail(logging.Handler):
    """Collects WARNING+ records of the app and of asyncio during one test."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(("mypbxdesk", "asyncio", "qasync")):
            self.records.append(record)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expect_log(*patterns): WARNING/ERROR records whose text matches one of these "
        "regular expressions are expected in this test; any other fails it",
    )


@pytest.fixture(autouse=True)
def _logfail(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test on a WARNING or ERROR it did not declare.

    A test declares what it provokes with ``@pytest.mark.expect_log("regex", …)``.
    A test that takes ``caplog`` and asserts on the records itself is trusted with
    them (as qutebrowser's logfail does).
    """
    handler = _LogFail()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if "caplog" in request.fixturenames:
        return
    patterns = [re.compile(p) for m in request.node.iter_markers("expect_log") for p in m.args]
    unexpected = []
    for record in handler.records:
        try:
            text = record.getMessage()
        except Exception:
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += f" | {record.exc_info[1]!r}"
        if not any(p.search(text) for p in patterns):
            unexpected.append(f"{record.levelname} {record.name}: {text[:300]}")
    if unexpected:
        pytest.fail("unexpected log records:\n" + "\n".join(unexpected[:20]), pytrace=False)
