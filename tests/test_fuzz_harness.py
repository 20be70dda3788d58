"""The fuzz harness shared by ``test_fuzz_specs.py`` (hypothesis, whole specs), ``test_fuzz_mutation.py`` (mutations
of the official spec) and ``test_injection.py``, plus a few full CLI runs of hostile specs.

The promise under test: every spec ends either in a generated package (that compiles, imports and type-checks) or
in exit code 2 with one clear line; never a traceback, never exit 3, never a half-written output folder.

In process, ``generate`` calls :func:`generator.pipeline.run` (optionally without black, which dominates the time of
a small spec, and without the validator, which dominates a large one: neither decides whether generation works,
the validator only warns in the default lenient mode and catches its own failures) and ``outcome`` classifies the
result exactly as the CLI does: :class:`SpecError` (and ``RecursionError``, which the CLI also reports as bad
input) is bad input; anything else is a bug and fails the test with its traceback.

Budgets: ``HYPOTHESIS_PROFILE=fuzz`` (``make fuzz``) runs the long sweeps (``SDKGEN_FUZZ_EXAMPLES`` per hypothesis
test, ``SDKGEN_FUZZ_MUTATIONS`` per mutation campaign); the default profile ``quick`` is derandomized so ``make test``
is deterministic.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import itertools
import json
import os
import pkgutil
import shutil
import sys
import tempfile
import tomllib
import warnings
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from .conftest import ROOT, sdkgen

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example, HealthCheck.filter_too_much]
# Shrinking a whole spec takes minutes (every step is a generation); the failing example is printed unshrunk
# unless SDKGEN_FUZZ_SHRINK=1.
_PHASES = list(Phase) if os.environ.get("SDKGEN_FUZZ_SHRINK") else [p for p in Phase if p not in (Phase.shrink, Phase.explain)]
settings.register_profile(
    "quick", max_examples=8, deadline=None, derandomize=True, database=None, suppress_health_check=_SUPPRESS,
    print_blob=True, phases=_PHASES,
)  # fmt: skip
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("SDKGEN_FUZZ_EXAMPLES", "400")), deadline=None, database=None,
    suppress_health_check=_SUPPRESS, print_blob=True, phases=_PHASES,
)  # fmt: skip
FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
# Applied per test (``@settings(PROFILE, ...)``), not loaded globally: other modules' hypothesis use keeps its defaults.
PROFILE = settings.get_profile("fuzz" if FUZZ else "quick")
_COUNTER = itertools.count()
_COMPILED: set[int] = set()


def report(line: str) -> None:
    """A line for the fuzz report: printed, and appended to $SDKGEN_FUZZ_REPORT (``make fuzz`` shows the file)."""
    print(line)
    path = os.environ.get("SDKGEN_FUZZ_REPORT")
    if path:
        with contextlib.suppress(OSError):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")


def unique_package(prefix: str = "fz") -> str:
    return f"{prefix}{os.getpid()}_{next(_COUNTER)}"


def write_spec(document: Any, folder: Path, name: str = "spec.json") -> Path:
    """Write a spec as JSON (lone surrogates and NaN survive: ``json.loads`` reads both back)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    return path


def fast_stages(*, fmt: bool = True, validate: bool = True) -> Any:
    """The pipeline's stages, optionally without black and/or the validator (and then without caches)."""
    from generator.pipeline import STAGES

    stages = STAGES
    if not fmt:
        stages = dataclasses.replace(stages, format=lambda files, verbatim: dict(files))
    if not validate:
        stages = dataclasses.replace(stages, validate=lambda document, file: [])
    return stages


@dataclass
class Outcome:
    files: dict[str, str] | None  # None: bad input
    message: str = ""  # the one line the CLI prints for bad input


def generate(spec: Path, package: str, *, fmt: bool = True, validate: bool = True, strict: bool = False) -> Outcome:
    """Run the pipeline in process; bad input is an Outcome, every other exception propagates (a bug)."""
    from generator.errors import SpecError
    from generator.pipeline import run

    stages = fast_stages(fmt=fmt, validate=validate)
    try:
        result = run(str(spec), package=package, strict=strict, stages=stages)
    except SpecError as exc:
        message = str(exc)
        assert message.strip() and "\n" not in message, f"a bad-input message must be one line: {message!r}"
        return Outcome(None, message)
    except RecursionError:
        return Outcome(None, "the spec nests too deeply to process (a reference cycle?)")
    return Outcome(result.files)


def check_sources(files: dict[str, str]) -> None:
    """Every file is writable UTF-8, every path stays inside the output folder, every .py compiles."""
    from generator.write import _safe

    for path, text in files.items():
        assert _safe(path) == path
        text.encode("utf-8")
        if path.endswith(".py") and hash(text) not in _COMPILED:  # the runtime is the same every time: once
            compile(text, path, "exec", dont_inherit=True)
            if "/_runtime/" in path:
                _COMPILED.add(hash(text))
        elif path.endswith(".toml"):
            tomllib.loads(text)


def write_package(files: dict[str, str], out: Path) -> None:
    from generator.write import write

    write(files, out)


def import_package(out: Path, package: str, *, call: bool = False) -> dict[str, Any]:
    """Import every module of a generated package in this process, build every model, touch every group (and
    with ``call``, call every operation against a mock transport). Returns facts for assertions."""
    import httpx
    import pydantic

    facts: dict[str, Any] = {"models": 0, "groups": 0, "calls": 0}
    sys.path.insert(0, str(out))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. pydantic's "field name shadows an attribute in parent"
            pkg = importlib.import_module(package)
            modules = []
            for sub in ("groups", "models"):
                parent = importlib.import_module(f"{package}.{sub}")
                for info in pkgutil.iter_modules(parent.__path__):
                    modules.append(importlib.import_module(f"{package}.{sub}.{info.name}"))
            for module in modules:
                for value in vars(module).values():
                    if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__ == module.__name__:
                        value.model_rebuild(force=True)
                        value.model_json_schema()
                        facts["models"] += 1

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(204, headers={"x-request-path": request.url.path})

        http = httpx.Client(transport=httpx.MockTransport(handler))
        with pkg.Client(**client_kwargs(pkg.Client), http_client=http, max_retries=0) as client:
            for attr, prop in vars(type(client)).items():
                if not isinstance(prop, __import__("functools").cached_property):
                    continue
                group = getattr(client, attr)
                facts["groups"] += 1
                if not call:
                    continue
                for name, method in inspect.getmembers(group, inspect.ismethod):
                    if name.startswith("_"):
                        continue
                    sig = inspect.signature(method)
                    args = [_dummy(p) for p in sig.parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
                    kwargs = {
                        p.name: _dummy(p) for p in sig.parameters.values()
                        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
                    }  # fmt: skip
                    with contextlib.suppress(Exception), warnings.catch_warnings():  # a rejected dummy is fine
                        warnings.simplefilter("ignore")
                        result = method(*args, **kwargs)
                        if hasattr(result, "__iter__") and not isinstance(result, (str, bytes, dict)):
                            list(itertools.islice(iter(result), 3))
                    facts["calls"] += 1
        return facts
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


CLIENT_KWARGS = (
    "(lambda ps: ({'token': 't'} if 'token' in ps else {})"
    " | ({'base_url': 'https://api.example'} if 'base_url' in ps and ps['base_url'].default is ps['base_url'].empty"
    " else {}))(inspect.signature({client}).parameters)"
)
"""The expression ``client_kwargs`` evaluates, for code run in a subprocess (``{client}``: the class; needs
``inspect``)."""


def client_kwargs(client: Any) -> dict[str, Any]:
    """What any generated ``Client`` needs to be made: a token where it takes one (mStudio's always; another API's
    when its spec has a token scheme), a base URL where it requires one (another API's spec without servers)."""
    params = inspect.signature(client).parameters
    kwargs: dict[str, Any] = {"token": "t"} if "token" in params else {}
    if "base_url" in params and params["base_url"].default is inspect.Parameter.empty:
        kwargs["base_url"] = "https://api.example"
    return kwargs


def _dummy(param: inspect.Parameter) -> Any:
    text = str(param.annotation)
    if "int" in text:
        return 1
    if "bool" in text:
        return True
    if "float" in text:
        return 1.0
    return "x"


_SHARED_RUNTIME: dict[str, Path] = {}


def share_runtime(out: Path, package: str, files: dict[str, str]) -> None:
    """Point ``<package>/_runtime`` at one shared copy of the runtime (the same files in every package), so that
    Python compiles it once per process instead of once per fuzzed package."""
    prefix = f"{package}/_runtime/"
    runtime = {p[len(prefix) :]: t for p, t in sorted(files.items()) if p.startswith(prefix)}
    key = str(hash(tuple(runtime.items())))
    if key not in _SHARED_RUNTIME:
        folder = Path(tempfile.mkdtemp(prefix="sdkgen-fuzz-runtime-"))
        for rel, text in runtime.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
        _SHARED_RUNTIME[key] = folder
    shutil.rmtree(out / package / "_runtime")
    (out / package / "_runtime").symlink_to(_SHARED_RUNTIME[key], target_is_directory=True)


def full_check(spec: Path, tmp: Path, *, fmt: bool, validate: bool = True, call: bool = False) -> Outcome:
    """generate -> check_sources -> write -> import (for a spec that generates)."""
    package = unique_package()
    outcome = generate(spec, package, fmt=fmt, validate=validate)
    if outcome.files is not None:
        check_sources(outcome.files)
        out = tmp / package
        write_package(outcome.files, out)
        share_runtime(out, package, outcome.files)
        import_package(out, package, call=call)
        shutil.rmtree(out, ignore_errors=True)
    return outcome


# ---- full CLI runs: the real process, exit codes and stderr --------------------------------------------------
def cli_generate(spec: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = sdkgen("generate", "-q", "--spec", str(spec), "--out", str(out), *extra)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 2), f"exit {result.returncode}: {result.stderr}"
    if result.returncode == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return result.returncode, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_harness_generates_and_imports_an_example(tmp_path: Path) -> None:
    outcome = full_check(ROOT / "specs" / "examples" / "edge_cases.yaml", tmp_path, fmt=False, call=True)
    assert outcome.files is not None


def test_harness_reports_bad_input_as_one_line(tmp_path: Path) -> None:
    outcome = generate(ROOT / "tests" / "data" / "bad" / "ref_loop.yaml", "x", fmt=False)
    assert outcome.files is None and "$ref loop" in outcome.message
