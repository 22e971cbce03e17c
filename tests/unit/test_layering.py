"""The layers the README draws: the domain imports only itself and the standard library, services reach the
outside world through `chalicelib.services.ports` alone, so importing them loads no AWS library."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
_IMPORT = re.compile(r"^\s*(?:from|import)\s+(chalicelib(?:\.\w+)*)", re.MULTILINE)


def _imports(package: str) -> dict[str, set[str]]:
    return {str(path.relative_to(CHALICELIB)): set(_IMPORT.findall(path.read_text(encoding="utf-8")))
            for path in sorted((CHALICELIB / package).glob("*.py"))}


def test_the_domain_imports_nothing_of_chalicelib_outside_the_domain():
    outside = {module: sorted(n for n in names if not n.startswith("chalicelib.domain"))
               for module, names in _imports("domain").items()}
    assert {m: names for m, names in outside.items() if names} == {}


def test_the_domain_imports_only_the_standard_library_besides_itself():
    pattern = re.compile(r"^\s*(?:from|import)\s+(\w+)", re.MULTILINE)
    foreign = {str(path.relative_to(CHALICELIB)): sorted(set(pattern.findall(path.read_text(encoding="utf-8")))
                                                         - set(sys.stdlib_module_names) - {"chalicelib", "__future__"})
               for path in sorted((CHALICELIB / "domain").glob("*.py"))}
    assert {m: names for m, names in foreign.items() if names} == {}


def test_the_domain_raises_only_its_own_errors():
    import importlib

    from chalicelib.domain.exceptions import DomainError

    raised = {}
    for path in sorted((CHALICELIB / "domain").glob("*.py")):
        module = importlib.import_module(f"chalicelib.domain.{path.stem}")
        for name in re.findall(r"^\s*raise\s+(\w+)\(", path.read_text(encoding="utf-8"), re.MULTILINE):
            raised[f"{path.name}: {name}"] = getattr(module, name)
    assert raised and {k: v for k, v in raised.items() if not issubclass(v, DomainError)} == {}


def test_no_service_imports_an_adapter_or_the_composition_root():
    leaks = {module: sorted(n for n in names if n.startswith(("chalicelib.adapters", "chalicelib.bootstrap")))
             for module, names in _imports("services").items()}
    assert {m: names for m, names in leaks.items() if names} == {}


def test_the_checks_see_imports():
    """The pattern finds both import forms, indented ones (inside functions) included."""
    found = _IMPORT.findall("from chalicelib.adapters.models import X\n    import chalicelib.bootstrap\n")
    assert found == ["chalicelib.adapters.models", "chalicelib.bootstrap"]


def test_importing_every_service_and_domain_module_loads_no_aws_library():
    probe = (
        "import importlib, pkgutil, sys\n"
        "import chalicelib.domain, chalicelib.services\n"
        "for pkg in (chalicelib.domain, chalicelib.services):\n"
        "    for info in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{info.name}')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pynamodb', 'botocore', 'boto3'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=CHALICELIB.parent, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
