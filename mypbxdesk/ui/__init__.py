"""The receptionist's desktop app (layer 4): PySide6 widgets over :class:`PbxBridge`.

Only this package imports PySide6 or qasync. Widgets observe the phone service
through the bridge's signals and act through its coroutine methods.
"""

import os

# qasync picks its Qt binding from QT_API first, then from what is imported;
# a stray PyQt in the environment must never win (desktop-integration.md §1.1).
os.environ.setdefault("QT_API", "pyside6")
