"""Layered-architecture checker for the ``helpers`` package (stdlib ``ast`` only).

Modules are parsed, never imported, so a half-moved or broken module cannot
hide a violation, and imports inside functions count like top-level ones
(function-local imports are how cycles used to be hidden).
"""

from __future__ import annotations

import ast
from pathlib import Path

# Pipeline order; names sharing a tuple share a rank and must not import each other.
LAYERS = (("core",), ("corpus",), ("clean",), ("measure",), ("compare",),
          ("present", "validate", "discover"), ("run",), ("cli",))
MAX_LINES = 500
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _catches_import_error(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Tuple):
        return any(_catches_import_error(elt) for elt in node.elts)
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
    return name in IMPORT_ERRORS


class _Module(ast.NodeVisitor):
    """Collects one module's package imports, bindings and local violations."""

    def __init__(self, name: str, path: str, is_pkg: bool, checker: _Checker):
        self.name, self.path, self.checker = name, path, checker
        self.home = name if is_pkg else name.rpartition(".")[0]  # package for `from .`
        self.scopes: list[dict[str, str | None]] = [{}]  # name -> bound package module

    def targets(self, node: ast.stmt) -> list[tuple[str, str | None, ast.alias]]:
        """(package module loaded, attribute taken from it or None, alias) per imported name."""
        known, root, out = self.checker.modules, self.checker.package, []
        if isinstance(node, ast.Import):
            for alias in node.names:  # the deepest existing module is what really gets loaded
                parts = alias.name.split(".")
                hits = [h for h in (".".join(parts[:i]) for i in range(len(parts), 0, -1)) if h in known]
                out += [(hits[0], None, alias)] if hits else []
            return out
        if node.level:
            parts = self.home.split(".")
            if node.level - 1 >= len(parts):
                return []  # climbs above the package: not ours
            base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        if base != root and not base.startswith(root + "."):
            return []
        for alias in node.names:
            if f"{base}.{alias.name}" in known:  # a submodule: the edge goes to it
                out.append((f"{base}.{alias.name}", None, alias))
            elif base in known:  # an attribute of the module, or re-exported by a package __init__
                out.append((base, alias.name, alias))
        return out

    def report(self, line: int, message: str) -> None:
        self.checker.found.add((self.path, line, message))

    def use_module(self, target: str, line: int) -> None:
        """Record the edge; check private modules and layer order."""
        self.checker.edges.setdefault(self.name, {}).setdefault(target, line)
        parts = target.split(".")
        for i, part in enumerate(parts[1:], start=1):
            owner = ".".join(parts[:i])  # a private module is usable only inside its package
            if _private(part) and not (self.name + ".").startswith(owner + "."):
                self.report(line, f"uses private module {target} from outside {owner}")
                break
        self.checker.check_order(self, target, line)

    def visit_Import(self, node: ast.Import) -> None:
        self.visit_ImportFrom(node)

    def visit_ImportFrom(self, node: ast.Import | ast.ImportFrom) -> None:
        resolved = self.targets(node)
        if self.name == self.checker.package and any(
                name is None or not name.startswith("__") or _private(name) for _, name, _ in resolved):
            self.report(node.lineno, "the package __init__ imports from the package; "
                                     "only dunder constants such as __version__ may be imported")
        for target, name, alias in resolved:
            self.use_module(target, node.lineno)
            if name is not None and _private(name) and target != self.name:
                self.report(node.lineno, f"imports private name {name} from {target}")
            # Remember which local names stand for package modules (for `mod._name`).
            if isinstance(node, ast.Import):
                if alias.asname is None:  # `import helpers.x.y` binds `helpers`
                    self.scopes[-1][alias.name.split(".")[0]] = alias.name.split(".")[0]
                else:
                    self.scopes[-1][alias.asname] = target if target == alias.name else None
            else:
                self.scopes[-1][alias.asname or alias.name] = None if name else target

    def visit_Attribute(self, node: ast.Attribute) -> None:
        module = self.module_of(node.value)
        if module and f"{module}.{node.attr}" not in self.checker.modules and _private(node.attr):
            self.report(node.lineno, f"uses private name {node.attr} of {module}")
        self.generic_visit(node)

    def module_of(self, node: ast.expr) -> str | None:
        """The package module an expression like `features` or `helpers.core` names."""
        if isinstance(node, ast.Name):  # innermost scope that binds the name wins
            return next((scope[node.id] for scope in reversed(self.scopes) if node.id in scope), None)
        if isinstance(node, ast.Attribute):
            parent = self.module_of(node.value)
            if parent and f"{parent}.{node.attr}" in self.checker.modules:
                return f"{parent}.{node.attr}"
        return None

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):  # reassigned: no longer the module
            self.scopes[-1][node.id] = None

    def visit_FunctionDef(self, node) -> None:
        # A new scope; parameters shadow module names (a class body just gets an empty one).
        args = getattr(node, "args", None)
        self.scopes.append({a.arg: None for a in ([args.vararg, args.kwarg] + args.posonlyargs
                                                  + args.args + args.kwonlyargs if args else []) if a})
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef

    def visit_Try(self, node: ast.Try) -> None:
        # A fallback for a package module is dead code that hides a broken import.
        guarded = [(t[0], sub.lineno) for stmt in node.body for sub in ast.walk(stmt)
                   if isinstance(sub, (ast.Import, ast.ImportFrom)) for t in self.targets(sub)]
        for handler in node.handlers:
            if guarded and _catches_import_error(handler.type):
                self.report(handler.lineno, f"except {ast.unparse(handler.type)} around the import of "
                            f"package module {guarded[0][0]} (line {guarded[0][1]}); import it directly")
        self.generic_visit(node)

    visit_TryStar = visit_Try

    def visit_Call(self, node: ast.Call) -> None:
        # importlib.import_module("helpers.x.y") with a literal name is an import too.
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name == "import_module" and node.args and isinstance(node.args[0], ast.Constant) \
                and node.args[0].value in self.checker.modules:
            self.use_module(node.args[0].value, node.lineno)
        self.generic_visit(node)


class _Checker:
    def __init__(self, package: str, layers) -> None:
        self.package, self.first, self.last = package, layers[0], layers[-1]
        self.rank = {name: i for i, group in enumerate(layers) for name in group}
        self.modules: dict[str, tuple[str, ast.Module, bool]] = {}
        self.edges: dict[str, dict[str, int]] = {}
        self.found: set[tuple[str, int, str]] = set()

    def layer(self, module: str) -> str | None:
        """The layer name a module belongs to, or None when it is outside the layout."""
        parts = module.split(".")
        if len(parts) == 1:
            return self.first[0]  # the package __init__ ranks with the first layer
        top, is_pkg = parts[1], len(parts) > 2 or self.modules[module][2]
        if top == "__main__" and not is_pkg:
            return self.last[0]
        # Layers are subpackages; only the entry-point layer may be a single module.
        return top if top in self.rank and (is_pkg or top in self.last) else None

    def check_order(self, importer: _Module, target: str, line: int) -> None:
        mine, theirs = self.layer(importer.name), self.layer(target)
        if mine is None or theirs is None or mine == theirs:
            return
        if self.rank[theirs] > self.rank[mine]:
            importer.report(line, f"imports {target} from a later layer ({theirs} comes after {mine})")
        elif self.rank[theirs] == self.rank[mine]:
            importer.report(line, f"imports {target} sideways ({mine} and {theirs} share a rank "
                                  "and must not import each other)")

    def check_cycles(self) -> None:
        for group in _cycle_groups(self.edges):  # includes a module importing itself
            start = min(group)
            path = _shortest_cycle(start, group, self.edges)
            steps = " -> ".join(f"{m} (line {self.edges[m][n]})" for m, n in zip(path, path[1:]))
            extra = f" [cycle group: {', '.join(sorted(group))}]" if len(group) > len(path) - 1 else ""
            self.found.add((self.modules[start][0], self.edges[start][path[1]],
                            f"import cycle: {steps} -> {start}{extra}"))


def _cycle_groups(edges) -> set[frozenset[str]]:
    """Modules that reach each other; plain reachability is fast enough for ~100 modules."""
    reach = {}
    for start in edges:
        seen, todo = set(), list(edges[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(edges.get(node, {}))
        reach[start] = seen
    return {frozenset(m for m in reach if m in reach[n] and n in reach[m]) for n in reach if n in reach[n]}


def _shortest_cycle(start: str, group: set[str], edges) -> list[str]:
    """Breadth-first path start -> ... -> start inside one strongly connected group."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt_frontier = []
        for node in frontier:
            for nxt in sorted(edges.get(node, {})):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return path[::-1] + [start]
                if nxt in group and nxt not in came_from:
                    came_from[nxt] = node
                    nxt_frontier.append(nxt)
        frontier = nxt_frontier
    raise AssertionError(f"no cycle through {start}")  # cannot happen for a real group


def check_package(src_dir: Path, package: str = "helpers", layers=LAYERS,
                  max_lines: int = MAX_LINES) -> list[str]:
    """Return one ``path:line: message`` line per violation (empty list = clean)."""
    src_dir, checker = Path(src_dir), _Checker(package, layers)
    if not (src_dir / package / "__init__.py").is_file():
        return [f"{package}/__init__.py:0: package not found under {src_dir}"]
    for file in sorted((src_dir / package).rglob("*.py")):
        rel = file.relative_to(src_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue  # .ipynb_checkpoints and the like are not importable
        shown, text = rel.as_posix(), file.read_text(encoding="utf-8")
        lines = text.count("\n") + (not text.endswith("\n"))  # physical lines, as editors count
        if lines > max_lines:
            checker.found.add((shown, max_lines + 1, f"{lines} lines, more than {max_lines}; split it"))
        for folder in rel.parents:
            if folder.parts and not (src_dir / folder / "__init__.py").is_file():
                checker.found.add((f"{folder.as_posix()}/__init__.py", 0, "missing; modules here "
                                   "form a namespace package"))
        try:
            tree = ast.parse(text, filename=shown)
        except SyntaxError as exc:
            checker.found.add((shown, exc.lineno or 0, f"cannot parse: {exc.msg}"))
            continue
        is_pkg = file.name == "__init__.py"
        parts = rel.with_suffix("").parts[:-1] if is_pkg else rel.with_suffix("").parts
        checker.modules[".".join(parts)] = (shown, tree, is_pkg)
        if is_pkg and len(parts) > 1 and ast.get_docstring(tree) is None:
            checker.found.add((shown, 1, "subpackage __init__ has no docstring saying what it holds"))
    outside = {}  # report once per top-level module or subpackage
    for name, (shown, _, _) in checker.modules.items():
        if checker.layer(name) is None:
            outside.setdefault(name.split(".")[1], shown)
    for top, shown in outside.items():
        checker.found.add((shown, 1, f"module outside the layered layout: {package}.{top} has no "
                                     "rank (layers are subpackages; decide where it belongs)"))
    for name, (shown, tree, is_pkg) in checker.modules.items():
        _Module(name, shown, is_pkg, checker).visit(tree)
    checker.check_cycles()
    return [f"{path}:{line}: {msg}" for path, line, msg in sorted(checker.found)]
