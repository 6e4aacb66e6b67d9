"""Lines to a standard output whose reader may leave (``mypbxdesk monitor | head -n1``).

Python ignores SIGPIPE, so a write to a pipe nobody reads any more raises
``BrokenPipeError`` — in a callback, once per call change, with a traceback.
:class:`LineOutput` turns that into a plain answer (``write`` returns False)
so the command can stop, and points the file descriptor at ``/dev/null`` so
that the interpreter's last flush at exit does not complain either (what the
Python documentation advises for SIGPIPE).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import TextIO

__all__ = ["LineOutput"]


class LineOutput:
    """Writes one line at a time, flushed; tells when the reader has gone."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        #: The reader closed its end: nothing more will be written.
        self.gone = False

    def write(self, line: str) -> bool:
        """Write ``line`` and a newline; False (and silent) once the reader has gone."""
        if self.gone:
            return False
        stream = self._stream or sys.stdout
        try:
            stream.write(line + "\n")
            stream.flush()
        except BrokenPipeError:
            self._went_away(stream)
        except OSError as exc:
            if exc.errno not in (errno.EPIPE, errno.EINVAL):  # EINVAL: Windows' closed pipe
                raise
            self._went_away(stream)
        return not self.gone

    def _went_away(self, stream: TextIO) -> None:
        self.gone = True
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, stream.fileno())
            finally:
                os.close(devnull)
