"""The declared environment is one environment: pyproject, environment.yml and the lock agree."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement

from conftest import ROOT  # noqa: E402
REQUIRED = {"jupyterlab", "pandas", "scikit-learn", "seaborn", "nltk"}
LOCKS = ("requirements.lock", "requirements-test.lock")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for extra in meta.get("optional-dependencies", {}).values():
        reqs.extend(extra)
    out = {}
    for r in reqs:
        req = Requirement(r)
        out[_norm(req.name)] = str(req.specifier)
    return out


def _environment_yml() -> dict[str, str]:
    out = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-\[\]]+)\s*([<>=!~].*)?$", line)
        if not m or m.group(1) in {"pip", "pip:"}:
            continue
        name = re.sub(r"\[.*\]", "", m.group(1))
        if name == "python":
            continue
        spec = (m.group(2) or "").strip()
        out[_norm(name)] = str(Requirement(f"x{spec}").specifier)
    return out


def _lock(*names: str) -> dict[str, str]:
    pins = {}
    for line in "\n".join((ROOT / n).read_text() for n in names or LOCKS).splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[_norm(name)] = version.strip()
    return pins


def test_environment_yml_matches_pyproject():
    assert _environment_yml() == _pyproject()


def test_environment_pins_python_311():
    assert re.search(r"^\s*-\s+python=3\.11\s*$", (ROOT / "environment.yml").read_text(), re.M)


def test_required_packages_declared():
    assert REQUIRED <= set(_pyproject())


def test_lock_pins_every_declared_package_within_its_range():
    pins = _lock()
    for name, spec in _pyproject().items():
        assert name in pins, f"{name} is declared but not pinned in requirements.lock"
        assert Requirement(f"x{spec}").specifier.contains(pins[name]), (name, spec, pins[name])


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make report" in readme


def test_test_tools_have_their_own_lock():
    runtime, test = _lock("requirements.lock"), _lock("requirements-test.lock")
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    for name in (_norm(Requirement(r).name) for r in extra):
        assert name in test and name not in runtime, name
    assert not set(runtime) & set(test)
    make = (ROOT / "Makefile").read_text()
    assert "requirements-test.lock" in make


def test_environment_yml_installs_the_project():
    assert re.search(r"^\s+-\s+-e \.\s*$", (ROOT / "environment.yml").read_text(), re.M)


def test_make_venv_registers_the_project_kernel():
    from helpers.run.notebooks import KERNEL_NAME

    make = (ROOT / "Makefile").read_text()
    assert "ipykernel install --sys-prefix --name $(KERNEL)" in make
    assert re.search(rf"^KERNEL := {KERNEL_NAME}$", make, re.M)


def test_licence_is_an_spdx_expression():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert isinstance(meta["license"], str)
