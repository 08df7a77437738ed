"""Every package the code imports directly is declared in requirements*.txt.

A module that arrives only as someone else's dependency (numpy through Rasa, yaml through
spaCy...) disappears the day that dependency stops needing it. This reads every import in
bot/, actions/, tests/ and .ci/, finds the installed distribution that provides it, and fails
when that distribution is not named in requirements.txt or requirements-nodeps.txt.
(deptry does this too, but needs packaging>=23, which Rasa 3.6's pin forbids.)
"""
from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("bot", "actions", "tests", ".ci")
OWN = {"bot", "actions", "tests"}
REQUIREMENTS = ("requirements.txt", "requirements-nodeps.txt")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    names = set()
    for file in REQUIREMENTS:
        for line in (ROOT / file).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                names.add(normalise(re.split(r"[\s<>=!~;\[]", line, maxsplit=1)[0]))
    return names


def imported() -> dict[str, set[str]]:
    """Top-level module -> files importing it (absolute imports only)."""
    found: dict[str, set[str]] = {}
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OWN and top != "__future__":
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def providers() -> dict[str, set[str]]:
    """Top-level module -> installed distributions providing it (from top_level.txt, or from
    the installed files where a wheel has none, as uv installs often do not)."""
    found: dict[str, set[str]] = {}
    for dist in distributions():
        name = dist.metadata["Name"]
        tops = (dist.read_text("top_level.txt") or "").split()
        if not tops:
            for file in dist.files or []:
                first = file.parts[0]
                if first.endswith((".dist-info", ".data")) or first.startswith(".") or first == "..":
                    continue
                tops.append(first[:-3] if first.endswith(".py") else first)
        for top in tops:
            found.setdefault(top, set()).add(name)
    return found


def test_every_directly_imported_package_is_declared():
    provided = providers()
    wanted = declared()
    undeclared = {}
    for module, files in sorted(imported().items()):
        distributions = {normalise(d) for d in provided.get(module, set())}
        if not distributions & wanted:
            undeclared[module] = (sorted(distributions) or ["not installed"], sorted(files)[:3])
    assert not undeclared, (
        "imported but not declared in requirements.txt (module: providing distribution, files): "
        f"{undeclared}"
    )


def test_the_check_sees_the_imports_it_must():
    found = imported()
    assert {"rasa", "rasa_sdk", "sqlalchemy", "yaml", "pytest"} <= set(found)
    assert "os" not in found and "bot" not in found
