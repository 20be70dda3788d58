"""Mutation fuzzing of the official spec: delete keys, change types, break and loop ``$ref``s, truncate. Every run ends
either in a generated package or in bad input (exit 2, one line); never another exception (exit 3), never a
traceback, never a half-written output folder.

- quick (``make test``): seeded mutations of a slice of the official spec (some paths and every component they
  reach), in process, plus a keyword sweep (each OpenAPI keyword set to each kind of wrong value) and a few CLI runs;
- long (``make fuzz``, ``-m slow``): seeded mutations of the whole spec in process, and CLI runs of whole mutated
  specs with the real validator and formatter. ``SDKGEN_FUZZ_MUTATIONS`` sets the budget.

A failure names the seed, so ``_mutated(base, seed)`` reproduces the spec.
"""

from __future__ import annotations

import copy
import json
import os
import random
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .conftest import official_spec
from .test_fuzz_harness import (
    FUZZ,
    check_sources,
    cli_generate,
    generate,
    import_package,
    report,
    snapshot,
    unique_package,
    write_package,
    write_spec,
)

pytestmark = pytest.mark.official

WRONG = [None, True, 0, -1, 1.5, float("nan"), float("inf"), 10**40, "", "x", "\ud800", "😀", [], {}, [1, "a"], ["x"],
         {"a": 1}, {"$ref": "#"}, {"type": "unknown"}, {"$ref": "#/components/schemas"}]  # fmt: skip
BROKEN_REFS = ["#/components/schemas/Nope", "#/nope", "", "#", "#foo", "x.yaml#/a", "#/paths", "#/components/schemas",
               "#/info/title", "#/components/schemas/" + "a" * 300, "#/components/schemas/a~2b", "#/components/schemas/%zz",
               "does-not-exist.json", "#/paths/~1v2~1nope/get", "#/components/schemas/de.mittwald.v1.commons.Error/properties"]  # fmt: skip
KEYWORDS = ["openapi", "info", "title", "version", "paths", "components", "schemas", "responses", "parameters",
            "requestBodies", "tags", "security", "operationId", "summary", "description", "deprecated", "in", "name",
            "required", "schema", "content", "application/json", "requestBody", "type", "format", "items",
            "properties", "additionalProperties", "allOf", "oneOf", "anyOf", "enum", "nullable", "default", "example",
            "headers", "$ref", "get", "post", "200", "204", "default", "minimum", "maxLength", "pattern"]  # fmt: skip


def _refs_in(node: Any) -> list[str]:
    found, stack = [], [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                found.append(node["$ref"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def slice_spec(document: dict[str, Any], paths: int, seed: int) -> dict[str, Any]:
    """Some of the spec's paths with every component they reach (still the official spec, only smaller)."""
    rng = random.Random(seed)
    keys = rng.sample(sorted(document["paths"]), min(paths, len(document["paths"])))
    out = {k: v for k, v in document.items() if k not in ("paths", "components")}
    out["paths"] = {k: document["paths"][k] for k in keys}
    components: dict[str, dict[str, Any]] = {"securitySchemes": document.get("components", {}).get("securitySchemes", {})}
    todo = _refs_in(out["paths"])
    while todo:
        parts = todo.pop()[2:].split("/")
        if len(parts) != 3 or parts[0] != "components":
            continue
        kind, name = parts[1], parts[2].replace("~1", "/").replace("~0", "~")
        if name not in components.setdefault(kind, {}):
            components[kind][name] = document["components"][kind][name]
            todo.extend(_refs_in(components[kind][name]))
    out["components"] = components
    return copy.deepcopy(out)


def _nodes(document: Any) -> list[tuple[Any, ...]]:
    out, stack = [], [((), document)]
    while stack:
        path, node = stack.pop()
        out.append(path)
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend((path + (k,), v) for k, v in items)
    return sorted(out, key=lambda p: [str(x) for x in p])


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def _pointer(path: tuple[Any, ...]) -> str:
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


class Mutator:
    """Seeded mutations of one base document (its node list computed once)."""

    KINDS = ["delete", "retype", "retype", "break_ref", "loop_ref", "retype_ref", "halve", "swap", "truncate"]

    def __init__(self, base: dict[str, Any]) -> None:
        self.text = json.dumps(base)
        self.nodes = _nodes(base)[1:]
        self.refs = [p for p in self.nodes if p[-1] == "$ref"]

    def mutate(self, seed: int) -> tuple[Any, list[str]]:
        """(document, or the raw text for a truncation; what was done)."""
        rng = random.Random(seed)
        document = json.loads(self.text)
        done = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            kind = rng.choice(self.KINDS)
            if kind == "truncate":
                cut = rng.randrange(len(self.text))
                return self.text[:cut], done + [f"truncate at {cut}"]
            done.append(self._apply(rng, document, kind))
        return document, done

    def _apply(self, rng: random.Random, document: Any, kind: str) -> str:
        if kind in ("break_ref", "loop_ref", "retype_ref") and self.refs:
            path = rng.choice(self.refs)
            try:
                parent = _get(document, path[:-1])
            except (KeyError, IndexError, TypeError):
                return f"{kind}: gone"
            if kind == "break_ref":
                parent["$ref"] = rng.choice(BROKEN_REFS)
            elif kind == "loop_ref":  # to itself or one of its ancestors
                parent["$ref"] = _pointer(path[: rng.randrange(len(path))])
            else:
                parent["$ref"] = copy.deepcopy(rng.choice(WRONG))
            return f"{kind} {_pointer(path)} -> {parent['$ref']!r}"
        path = rng.choice(self.nodes)
        try:
            parent = _get(document, path[:-1])
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            return f"{kind}: gone"
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "halve" and isinstance(parent[path[-1]], (dict, list)):
            node = parent[path[-1]]
            parent[path[-1]] = dict(list(node.items())[: len(node) // 2]) if isinstance(node, dict) else node[: len(node) // 2]
        elif kind == "swap":  # another node's value (wrong shape, right kind of data)
            try:
                parent[path[-1]] = copy.deepcopy(_get(document, rng.choice(self.nodes)))
            except (KeyError, IndexError, TypeError):
                pass
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(WRONG))
        return f"{kind} {_pointer(path)}"


def _run_case(spec: Path, tmp: Path, *, validate: bool, imports: bool) -> str:
    """``ok`` or ``bad input``; any other exception propagates."""
    package = unique_package("mut")
    outcome = generate(spec, package, fmt=False, validate=validate)
    if outcome.files is None:
        return "bad input"
    check_sources(outcome.files)
    if imports:
        write_package(outcome.files, tmp / package)
        import_package(tmp / package, package)
    return "ok"


def _campaign(
    label: str, base: dict[str, Any], seeds: range, tmp: Path, *, validate: bool = False, import_every: int = 10
) -> Counter[str]:
    mutator = Mutator(base)
    outcomes: Counter[str] = Counter()
    failures = []
    for seed in seeds:
        document, done = mutator.mutate(seed)
        folder = tmp / f"m{seed}"
        if isinstance(document, str):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "spec.json").write_text(document, encoding="utf-8")
            spec = folder / "spec.json"
        else:
            spec = write_spec(document, folder)
        try:
            outcomes[_run_case(spec, folder, validate=validate, imports=seed % import_every == 0)] += 1
        except Exception as exc:  # noqa: BLE001 - collected, then reported together
            outcomes["failure"] += 1
            failures.append(f"seed {seed} {done}: {type(exc).__name__}: {exc}\n{''.join(traceback.format_tb(exc.__traceback__)[-3:])}")
    report(f"mutations of {label}: {len(seeds)} cases, {dict(outcomes)}")
    assert not failures, f"{len(failures)} of {len(seeds)} mutated specs crashed:\n" + "\n".join(failures[:10])
    return outcomes


@pytest.fixture(scope="module")
def official() -> dict[str, Any]:
    path = official_spec()
    assert path is not None
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


# ---- quick ---------------------------------------------------------------------------------------------------
def test_mutations_of_a_slice_generate_or_fail_cleanly(official: dict[str, Any], tmp_path: Path) -> None:
    outcomes = _campaign("a 12-path slice", slice_spec(official, 12, seed=1), range(int(os.environ.get("SDKGEN_FUZZ_MUTATIONS", "3000" if FUZZ else "60"))), tmp_path)
    assert outcomes["ok"] and outcomes["bad input"]


def test_every_keyword_with_every_wrong_value(official: dict[str, Any], tmp_path: Path) -> None:
    """The sweep: each OpenAPI keyword (at its first place in a slice) set to each kind of wrong value, or deleted."""
    base = slice_spec(official, 12, seed=2)
    nodes = _nodes(base)
    text = json.dumps(base)
    failures = []
    outcomes: Counter[str] = Counter()
    cases = 0
    for index, keyword in enumerate(KEYWORDS):
        places = [p for p in nodes if p and p[-1] == keyword]
        # quick: deleted, and one wrong value (a different one per keyword); long: every wrong value, three places
        values = [*WRONG, "<delete>"] if FUZZ else [WRONG[index % len(WRONG)], "<delete>"]
        for place in places[:3] if FUZZ else places[:1]:
            for value in values:
                document = json.loads(text)
                parent = _get(document, place[:-1])
                if value == "<delete>":
                    del parent[place[-1]]
                else:
                    parent[place[-1]] = copy.deepcopy(value)
                folder = tmp_path / f"k{cases}"
                cases += 1
                try:
                    outcomes[_run_case(write_spec(document, folder), folder, validate=False, imports=False)] += 1
                except Exception as exc:  # noqa: BLE001
                    failures.append(f"{_pointer(place)} = {value!r}: {type(exc).__name__}: {exc}")
    report(f"keyword sweep: {cases} cases, {dict(outcomes)}")
    assert not failures, "\n".join(failures[:20])


def test_cli_on_mutated_slices(official: dict[str, Any], tmp_path: Path) -> None:
    """The real CLI: exit 0 or 2 with one line; on 2 an existing output folder is untouched and nothing is left
    beside it."""
    mutator = Mutator(slice_spec(official, 6, seed=3))
    codes = Counter()
    for seed in range(40 if FUZZ else 2):
        document, _ = mutator.mutate(seed)
        folder = tmp_path / f"c{seed}"
        folder.mkdir()
        spec = folder / "spec.json"
        spec.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
        out = folder / "out"
        out.mkdir()
        (out / "pyproject.toml").write_text("[tool.mstudio-sdkgen]\n")
        before = snapshot(out)
        code, _ = cli_generate(spec, out, "--package", "mutated")
        codes[code] += 1
        if code == 2:
            assert snapshot(out) == before
        else:
            assert (out / "mutated" / "__init__.py").is_file()
        assert sorted(p.name for p in folder.iterdir()) == ["out", "spec.json"]
    report(f"CLI runs on mutated slices: {sum(codes.values())} cases, exit codes {dict(codes)}")


# ---- long ----------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_mutations_of_the_whole_spec(official: dict[str, Any], tmp_path: Path) -> None:
    _campaign("the whole spec", official, range(1000, 1000 + int(os.environ.get("SDKGEN_FUZZ_MUTATIONS", "300" if FUZZ else "30"))), tmp_path, import_every=50)


@pytest.mark.slow
def test_cli_on_whole_mutated_specs(official: dict[str, Any], tmp_path: Path) -> None:
    mutator = Mutator(official)
    codes = Counter()
    for seed in range(2000, 2000 + (12 if FUZZ else 3)):
        document, _ = mutator.mutate(seed)
        folder = tmp_path / f"c{seed}"
        folder.mkdir()
        spec = folder / "spec.json"
        spec.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
        code, _ = cli_generate(spec, folder / "out", "--package", "mutated")
        codes[code] += 1
        assert sorted(p.name for p in folder.iterdir()) == (["out", "spec.json"] if code == 0 else ["spec.json"])
    report(f"CLI runs on the whole mutated spec: {sum(codes.values())} cases, exit codes {dict(codes)}")
