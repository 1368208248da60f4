"""The import direction of STYLE.md §1: an app imports only from apps to its left."""

import ast
from pathlib import Path

ORDER = [
    "core",
    "business_calendar",
    "org",
    "standards",
    "customers",
    "notices",
    "workorders",
    "regulations",
    "fieldwork",
    "campaigns",
    "complaints",
    "callbacks",
    "quality",
    "reports",
    "demo",
]
ROOT = Path(__file__).resolve().parents[2]


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "gasdesk" and len(parts) > 1 and parts[1] in ORDER:
                found.add(parts[1])
    return found


def test_no_app_imports_an_app_to_its_right():
    upward = []
    for app in ORDER:
        folder = ROOT / app
        if not folder.is_dir():
            continue
        allowed = set(ORDER[: ORDER.index(app) + 1])
        for path in folder.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for other in _imported_apps(path) - allowed:
                upward.append(f"{path.relative_to(ROOT)} imports gasdesk.{other}")
    assert upward == []
