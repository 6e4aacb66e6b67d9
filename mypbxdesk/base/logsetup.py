"""Logging setup with a last line of defence against leaking the AMI secret.

No asyncio, no Qt. Every handler installed here carries :class:`RedactingFilter`,
which replaces any registered secret (and its MD5 key) in a record's final
text with ``********``. Code never logs a secret on purpose; this filter is
for the accident (an exception text quoting a header, a debug dump).
"""

from __future__ import annotations

import logging
import sys
import threading

_secrets: set[str] = set()
_lock = threading.Lock()
REDACTED = "********"


def register_secret(secret: str) -> None:
    """Redact ``secret`` from every log record from now on."""
    if secret and len(secret) >= 3:
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = record.getMessage()
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
            if record.exc_info and record.exc_info[1] is not None:
                text = redact(str(record.exc_info[1]))
                if text != str(record.exc_info[1]):
                    record.exc_info = None
                    record.msg = f"{record.msg} ({text})"
        return True


def setup_logging(verbosity: int = 0, stream: object = None) -> None:
    """Log to stderr: warnings by default, info with -v, AMI wire traffic with -vv."""
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if verbosity < 2:
        logging.getLogger("mypbxdesk.ami.wire").setLevel(logging.INFO)
