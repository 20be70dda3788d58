"""A change of the SDK surface (:class:`Change`), its level and the semver bump it asks for, and the changelog of a
list of them as Markdown (release notes, PR bodies) or JSON. :mod:`generator.diff` finds the changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from .escape import md_code, md_line

if TYPE_CHECKING:
    from .model import Api

Level = Literal["major", "minor", "patch"]
Direction = Literal["input", "output"]
BOTH: frozenset[str] = frozenset({"input", "output"})

# kind -> how the Markdown changelog says it; the order is the order within a subject.
KINDS: dict[str, str] = {
    "operation-added": "operation added",
    "operation-removed": "operation removed",
    "operation-renamed": "operation renamed",
    "operation-deprecated": "operation deprecated",
    "operation-undeprecated": "operation no longer deprecated",
    "operation-changed": "operation changed",
    "result-changed": "return type changed",
    "parameter-added": "parameter added",
    "parameter-removed": "parameter removed",
    "parameter-renamed": "parameter renamed",
    "parameter-changed": "parameter changed",
    "model-added": "model added",
    "model-removed": "model removed",
    "model-renamed": "model renamed",
    "model-deprecated": "model deprecated",
    "model-changed": "model changed",
    "field-added": "field added",
    "field-removed": "field removed",
    "field-changed": "field changed",
    "enum-value-added": "enum value added",
    "enum-value-removed": "enum value removed",
}
_MINOR_KINDS = frozenset(
    {
        "operation-added",
        "operation-deprecated",
        "parameter-added",
        "model-added",
        "model-deprecated",
        "field-added",
        "enum-value-added",
    }
)
_LEVEL_ORDER: dict[str, int] = {"major": 0, "minor": 1, "patch": 2}
SECTIONS: dict[Level, str] = {
    "major": "Breaking changes",
    "minor": "Additions and deprecations",
    "patch": "Other changes",
}


@dataclass(frozen=True)
class Change:
    """One change of the SDK surface. Operation changes set ``group``/``method`` (and ``field`` for a parameter);
    model changes set ``model`` (``module.Class``) and ``field`` (a field, or an enum member).
    """

    kind: str
    breaking: bool
    group: str = ""
    method: str = ""
    model: str = ""
    field: str = ""
    detail: str = ""

    @property
    def level(self) -> Level:
        if self.breaking:
            return "major"
        return "minor" if self.kind in _MINOR_KINDS else "patch"

    @property
    def subject(self) -> str:
        """How users spell the thing that changed: ``client.project.get_project(search_term)``,
        ``models.project.Project.server_id``."""
        if self.group:
            base = f"client.{self.group}.{self.method}"
            return f"{base}({self.field})" if self.field else base
        base = f"models.{self.model}"
        return f"{base}.{self.field}" if self.field else base

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "level": self.level, "subject": self.subject}


_KIND_ORDER = {kind: index for index, kind in enumerate(KINDS)}


def order(change: Change) -> tuple[Any, ...]:
    return (
        0 if change.group else 1,
        change.group,
        change.method,
        change.model,
        change.field != "",
        change.field,
        _KIND_ORDER.get(change.kind, len(_KIND_ORDER)),
        change.detail,
    )


def recommend_bump(changes: Iterable[Change]) -> Level:
    """``major`` when anything is breaking, ``minor`` for additions and deprecations, ``patch`` otherwise."""
    levels = {c.level for c in changes}
    return "major" if "major" in levels else "minor" if "minor" in levels else "patch"


# ---- rendering ----
def _side(api: Api, source: str) -> dict[str, Any]:
    return {
        "source": source,
        "title": api.title,
        "version": api.version,
        "groups": len(api.groups),
        "operations": sum(len(g.operations) for g in api.groups),
        "models": sum(len(m.models) for m in api.modules),
    }


def summary(changes: list[Change]) -> dict[str, int]:
    return {"breaking": sum(c.breaking for c in changes)} | {
        level: sum(c.level == level for c in changes)
        for level in ("major", "minor", "patch")
    }


def to_json(
    old: Api,
    new: Api,
    changes: list[Change],
    old_source: str = "",
    new_source: str = "",
) -> str:
    """The changelog as JSON: both sides' counts, the recommended bump, and every change."""
    document = {
        "old": _side(old, old_source),
        "new": _side(new, new_source),
        "bump": recommend_bump(changes),
        "breaking": any(c.breaking for c in changes),
        "summary": summary(changes),
        "changes": [c.to_dict() for c in changes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_markdown(
    old: Api,
    new: Api,
    changes: list[Change],
    old_source: str = "",
    new_source: str = "",
    limit: int | None = None,
) -> str:
    """The changelog as Markdown (release notes, PR bodies): the bump, then one list per level. ``limit`` caps the
    items listed per section (the rest are counted)."""
    bump = recommend_bump(changes)
    counts = summary(changes)
    a, b = _side(old, old_source), _side(new, new_source)
    before, after = (
        f"{md_line(a['title'])} {md_line(a['version'])}",
        f"{md_line(b['title'])} {md_line(b['version'])}",
    )
    lines = [
        f"## API changes: {after if before == after else f'{before} -> {after}'}",
        "",
    ]
    if old_source or new_source:
        lines += [f"From {md_code(old_source)} to {md_code(new_source)}.", ""]
    lines += [
        f"**Recommended version bump: {bump}** ({counts['major']} breaking, {counts['minor']} additions and "
        f"deprecations, {counts['patch']} other changes)",
        "",
        "| | before | after |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {what} | {a[what]} | {b[what]} |"
        for what in ("groups", "operations", "models")
    ]
    if not changes:
        lines += ["", "No change to the SDK's surface (names, signatures, types)."]
    for level, title in SECTIONS.items():
        listed = [c for c in changes if c.level == level]
        if not listed:
            continue
        lines += ["", f"### {title} ({len(listed)})", ""]
        shown = listed if limit is None else listed[:limit]
        for change in shown:
            detail = f": {change.detail}" if change.detail else ""
            lines.append(
                f"- {md_code(change.subject)} — {KINDS.get(change.kind, change.kind)}{detail}"
            )
        if len(shown) < len(listed):
            lines.append(
                f"- … and {len(listed) - len(shown)} more (`sdkgen diff --format json` lists them all)"
            )
    return "\n".join(lines) + "\n"
