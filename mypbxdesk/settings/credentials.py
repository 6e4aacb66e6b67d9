"""Where the AMI secret comes from: environment, OS keyring, or a private config file.

No asyncio, no Qt. Keyring calls can block (D-Bus, Keychain prompts): the GUI
calls these functions through ``asyncio.to_thread``.

The secret is never taken from the command line (it would show in ``ps``),
never logged, and never part of an exception text.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .config import SECRET_ENV, Settings

log = logging.getLogger("mypbxdesk.credentials")
SERVICE = "mypbxdesk"


def keyring_key(settings: Settings) -> str:
    return f"{settings.username}@{settings.host}:{settings.port}"


def _keyring() -> Any | None:
    """The ``keyring`` module when it is installed and has a real backend."""
    try:
        module = importlib.import_module("keyring")
        backend = module.get_keyring()
    except Exception:  # not installed, or a broken backend
        return None
    where = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    # keyring.backends.fail.Keyring / keyring.backends.null.Keyring: no real store
    if ".fail." in where or ".null." in where or where.endswith((".fail", ".null")):
        return None
    return module


def keyring_available() -> bool:
    return _keyring() is not None


def get_from_keyring(settings: Settings) -> str | None:
    module = _keyring()
    if module is None:
        return None
    try:
        value = module.get_password(SERVICE, keyring_key(settings))
    except Exception as exc:  # locked keyring, D-Bus gone, user said no
        log.warning("the OS keyring could not be read: %s", type(exc).__name__)
        return None
    return value if isinstance(value, str) else None


def store_in_keyring(settings: Settings, secret: str) -> bool:
    """Save the secret in the OS keyring; False when there is none or it refused."""
    module = _keyring()
    if module is None:
        return False
    try:
        module.set_password(SERVICE, keyring_key(settings), secret)
    except Exception as exc:
        log.warning("the OS keyring refused to store the secret: %s", type(exc).__name__)
        return False
    return True


@dataclass(frozen=True, slots=True)
class FoundSecret:
    secret: str
    source: str  # "environment", "keyring", "config file" or "" (none found)

    def __repr__(self) -> str:
        return f"FoundSecret(source={self.source!r})"


def find_secret(
    settings: Settings, env: Mapping[str, str] | None = None, *, use_keyring: bool = True
) -> FoundSecret:
    """The secret, first from ``MYPBXDESK_SECRET``, then the keyring, then the config file."""
    environ = os.environ if env is None else env
    # A line end at the end is never part of an AMI secret (manager.conf cannot
    # hold one): it is what `export X=$(cat file)` of a Windows-edited file leaves.
    if value := environ.get(SECRET_ENV, "").rstrip("\r\n"):
        return FoundSecret(value, "environment")
    if use_keyring and (value := (get_from_keyring(settings) or "").rstrip("\r\n")):
        return FoundSecret(value, "keyring")
    if settings.secret.rstrip("\r\n"):
        return FoundSecret(settings.secret.rstrip("\r\n"), "config file")
    return FoundSecret("", "")
