"""Guards against Qt binding bugs that would kill an app left running all day."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal(int)
    flag = Signal(bool)


def test_emitting_signals_from_python_does_not_leak_references_to_true(qapp: object) -> None:
    # PySide6 6.12.0's SignalInstance.emit() returned True without a new
    # reference: each emit from Python dropped True's refcount by one, and after
    # a few hundred emits CPython 3.11 aborted with "bool_dealloc: deallocating
    # True or False". The app emits a signal for every call change.
    e = _Emitter()
    got: list[object] = []
    e.plain.connect(got.append)
    e.flag.connect(got.append)
    before = sys.getrefcount(True)
    for i in range(200):
        e.plain.emit(i)
        e.flag.emit(True)
    del got[:]
    assert sys.getrefcount(True) >= before
