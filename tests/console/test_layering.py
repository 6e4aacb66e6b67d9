"""``mypbxdesk.console`` is a pure model package (layer 3, a sibling of ``mypbxdesk.calls``).

Each module imports the standard library (no asyncio or sockets),
``mypbxdesk.ami.message`` and the stdlib-only ``mypbxdesk.base.text`` only, and
never ``mypbxdesk.calls``; it names its layer in its docstring, uses postponed
annotations and stays at most 400 lines long. ``lint-imports`` checks the same
import rules on the whole graph; this test says it per file.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import mypbxdesk.console

PACKAGE = Path(mypbxdesk.console.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
ALLOWED = ("mypbxdesk.ami.message", "mypbxdesk.base.text")
FORBIDDEN = ("asyncio", "socket", "ssl", "selectors")


def _imports(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level != 1:
            names.append(("mypbxdesk." if node.level == 2 else "") + (node.module or ""))
    return names


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_module_is_pure_and_small(module: Path) -> None:
    text = module.read_text(encoding="utf-8")
    tree = ast.parse(text)
    doc = ast.get_docstring(tree) or ""
    assert "Layer 3 (``mypbxdesk.console``, operator-console models" in doc
    assert "from __future__ import annotations" in text
    assert len(text.splitlines()) <= 400
    for name in _imports(tree):
        top = name.split(".")[0]
        if name.startswith("mypbxdesk"):
            assert name in ALLOWED, f"{module.name} imports {name}"
        else:
            assert top in sys.stdlib_module_names and top not in FORBIDDEN, (
                f"{module.name} imports {name}"
            )


def test_public_names() -> None:
    """``__all__`` names what exists, and every public class of the models."""
    exported = mypbxdesk.console.__all__
    assert len(set(exported)) == len(exported)
    assert all(hasattr(mypbxdesk.console, name) for name in exported)
    classes = {
        name
        for module in ("states", "presence", "parking", "queues", "mailbox")
        for name, value in vars(getattr(mypbxdesk.console, module)).items()
        if isinstance(value, type)
        and not name.startswith("_")
        and value.__module__ == f"mypbxdesk.console.{module}"
    }
    assert classes <= set(exported)
