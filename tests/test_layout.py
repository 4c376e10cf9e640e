"""The house plan, checked: layers import downwards only, only ``ui`` imports Streamlit,
page files stay thin, and the ui pages use the layers' public functions only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "fsdash"
# Each layer may import the layers before it in this list (and itself).
LAYERS = ("domain", "inputs", "storage", "budget", "views", "cli", "ui")
MAX_LINES = 400


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def imported(path: Path) -> set[str]:
    """Every fsdash module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "fsdash" and parts[1] in LAYERS else None


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down_the_layers(path):
    own = layer_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
    if own is None:
        return
    allowed = set(LAYERS[:LAYERS.index(own) + 1])
    upward = {name for name in imported(path) if (layer := layer_of(name)) and layer not in allowed}
    assert not upward, f"{path.relative_to(ROOT)} imports a layer above its own: {sorted(upward)}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_ui_imports_streamlit_and_modules_stay_small(path):
    names = imported(path)
    if "ui" not in path.relative_to(PACKAGE).parts:
        assert not any(n == "streamlit" or n.startswith("streamlit.") for n in names), path
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES, path


def test_rights_import_no_other_storage_module():
    names = imported(PACKAGE / "storage" / "rights.py")
    assert not {n for n in names if n.startswith("fsdash.storage") and n != "fsdash.storage"}


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_page_files_are_thin(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < 15


@pytest.mark.parametrize("path", sorted((PACKAGE / "ui").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_ui_uses_public_functions_of_the_layers_below(path):
    """No page reaches a private function (``_name``) of another module, e.g. the cache's."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [f"{node.value.id}.{node.attr}" for node in ast.walk(tree)
               if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
               and node.attr.startswith("_") and not node.attr.startswith("__")
               and node.value.id not in ("self", "cls", "st")]
    imported_private = [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                        and (node.module or "").startswith("fsdash") for alias in node.names
                        if alias.name.startswith("_")]
    assert not private and not imported_private, (private, imported_private)
