"""``mypbxdesk.calls`` imports the standard library, ``mypbxdesk.ami.message`` and the
stdlib-only ``mypbxdesk.base.text`` (translatable messages) and ``mypbxdesk.base.private``
(0600 files in 0700 folders, for the history) only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import mypbxdesk.calls

PACKAGE = Path(mypbxdesk.calls.__file__).parent
ALLOWED = ("mypbxdesk.ami.message", "mypbxdesk.base.text", "mypbxdesk.base.private")


def test_imports_are_stdlib_or_ami_message() -> None:
    for module in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{module.name} has no docstring"
        assert "calls model" in (ast.get_docstring(tree) or ""), module.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level == 1:
                    continue  # a sibling module of mypbxdesk.calls
                base = "mypbxdesk." if node.level == 2 else ""
                names = [base + (node.module or "")]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert name in ALLOWED or (
                    top in sys.stdlib_module_names and top not in ("asyncio", "socket")
                ), f"{module.name} imports {name}"
