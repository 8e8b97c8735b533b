"""Reads the imports of indexer/ and webui/ and checks the layering: no import circle, and no
module importing from a layer above its own. Run it from anywhere:

    python tests/check_layers.py        # prints the layers, then each violation; exit 1 if any

The layers follow the pipeline (docs/architecture.md): lower layers know nothing of higher ones.
Every import counts, also one inside a function or under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("indexer", "webui")

# Lowest first. A module belongs to the first layer one of whose prefixes names it or a package above it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("indexer.fingerprint", "indexer.models", "indexer.schema", "indexer.config", "indexer")),
    ("analysis", ("indexer.analysis",)),
    ("extraction", ("indexer.extraction",)),
    ("documents", ("indexer.documents",)),
    ("query", ("indexer.query",)),
    ("search", ("indexer.search",)),
    ("backends", ("indexer.backends",)),
    ("ingest", ("indexer.ingest",)),
    ("tools", ("indexer.evaluation",)),
    ("interfaces", ("indexer.cli", "webui")),
)


def module_name(path: Path, repo: Path) -> str:
    parts = list(path.relative_to(repo).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(repo: Path = REPO) -> dict[str, Path]:
    return {module_name(p, repo): p for package in PACKAGES for p in sorted((repo / package).rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """(imported project module, line) for every import statement in the file."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    yield _existing(alias.name, known), node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] not in PACKAGES:
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                yield (submodule if submodule in known else _existing(target, known)), node.lineno


def _existing(name: str, known: set[str]) -> str:
    while name not in known and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def layer_of(module: str) -> int:
    best, best_len = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best < 0:
        raise SystemExit(f"{module}: in no layer; add it to LAYERS in {Path(__file__).name}")
    return best


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def violations(repo: Path = REPO) -> list[str]:
    modules = project_modules(repo)
    known = set(modules)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    problems: list[str] = []
    for name, path in modules.items():
        seen: set[str] = set()
        for target, line in imports_of(name, path, known):
            if target == name or target not in known or target in seen:
                continue
            seen.add(target)
            # A package's __init__ may re-export its own modules; a module never imports its package.
            if name.startswith(target + "."):
                problems.append(f"{path.relative_to(repo)}:{line}: {name} imports its own package {target}")
                continue
            graph[name].add(target)
            if layer_of(target) > layer_of(name):
                problems.append(f"{path.relative_to(repo)}:{line}: {name} ({LAYERS[layer_of(name)][0]}) imports "
                                f"{target} ({LAYERS[layer_of(target)][0]}), a layer above it")
    problems += [f"import circle: {' -> '.join(component)}" for component in cycles(graph)]
    return problems


def main() -> int:
    print("layers, lowest first:", " < ".join(name for name, _ in LAYERS))
    problems = violations()
    for problem in problems:
        print(problem)
    print(f"{len(project_modules())} modules, {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
