"""The ``sdkgen`` command line: ``generate``, ``validate``, ``diff``. Exit codes: see :mod:`generator.errors`."""

from __future__ import annotations

import functools
import keyword
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import click

from . import __version__, naming, surface
from .errors import (
    EXIT_BAD_INPUT,
    EXIT_BREAKING,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_STALE,
    GeneratorError,
    UsageError,
    exit_code,
)
from .pipeline import check, model, run
from .write import compare, write

# run as the ``sdkgen`` console script (see _done)
_PROCESS = Path(sys.argv[0]).name == "sdkgen"
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _one_line(text: str) -> str:
    """A message as one line: line breaks (a spec's text may carry them) become visible escapes."""
    return text.strip().replace("\r", "\\r").replace("\n", "\\n")


def _check_package(package: str | None) -> None:
    if package is not None and not (
        package.isidentifier() and package.isascii() and not keyword.iskeyword(package)
    ):
        raise UsageError(
            "--package",
            f"{package!r} is not a valid Python package name (letters, digits, _)",
        )


def _internal(exc: Exception) -> NoReturn:
    """A bug: one line naming the exception, or its traceback with SDKGEN_DEBUG=1."""
    if os.environ.get("SDKGEN_DEBUG"):
        raise exc
    message = _one_line(f"{type(exc).__name__}: {exc}")
    _fail(
        f"internal error: {message} (set SDKGEN_DEBUG=1 for a traceback)",
        EXIT_INTERNAL,
    )


def _guard(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn every failure into one line on stderr and an exit code; a traceback only with SDKGEN_DEBUG=1."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return func(*args, **kwargs)
        except GeneratorError as exc:
            code = exit_code(exc)
            if code == EXIT_INTERNAL:
                _internal(exc)
            _fail(_one_line(str(exc)), code)
        except RecursionError:
            where = (
                kwargs.get("spec")
                or " / ".join(str(kwargs[k]) for k in ("old", "new") if k in kwargs)
                or "input"
            )
            _fail(f"{where}: the spec nests too deeply to process (a reference cycle?)")
        except KeyboardInterrupt:
            _fail("interrupted; the output folder is untouched", EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
            _internal(exc)

    return wrapper


_SPEC = click.option(
    "--spec",
    required=True,
    help="Path or http(s) URL of the OpenAPI 3.0 spec (JSON or YAML).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sdkgen")
def main() -> None:
    """Generate a typed Python SDK from the mittwald mStudio v2 OpenAPI spec (or any OpenAPI 3.0 spec)."""


@main.command()
@_SPEC
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Output folder; replaced as a whole.",
)
@click.option(
    "--package",
    default=None,
    help="Import name of the generated package (default: from the spec title).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat every OpenAPI deviation as an error instead of a warning.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 and list the files that would change.",
)
@click.option("--timings", is_flag=True, help="Print how long each stage took.")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.option(
    "--conventions",
    type=click.Choice(["auto", "mstudio", "generic"]),
    default="auto",
    show_default=True,
    help="mStudio's conventions (api.mittwald.de, X-Access-Token, consistency, X-RateLimit-*) or the spec's own; "
    "auto: mStudio's for the mStudio spec only (see README).",
)
@click.option(
    "--base-url",
    default=None,
    help="Default base URL of the client (instead of the spec's servers).",
)
@click.option(
    "--version",
    "version",
    default=None,
    help="The package's version (PEP 440). Default: over a package generated before, its version with the bump "
    "`sdkgen diff` recommends (unchanged for the same spec); for a new package, the spec's info.version.",
)
@_guard
def generate(
    spec: str,
    out: Path,
    package: str | None,
    strict: bool,
    check: bool,
    timings: bool,
    quiet: bool,
    conventions: str = "auto",
    base_url: str | None = None,
    version: str | None = None,
) -> None:
    """Generate the SDK for SPEC into OUT (atomically: OUT is fully replaced or left untouched)."""
    started = time.perf_counter()
    _check_package(package)
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise UsageError("--base-url", f"{base_url!r} is not an http(s) URL")
    if version is not None and not naming.is_pep440(version):
        raise UsageError(
            "--version",
            f"{version!r} is not a PEP 440 version (pip would refuse to install it)",
        )
    progress = (
        None if quiet else (lambda stage: click.echo(f"  {stage} done", err=True))
    )
    if not quiet:
        click.echo(f"sdkgen {__version__}: {spec}", err=True)
    result = run(
        spec,
        package=package,
        strict=strict,
        progress=progress,
        conventions=conventions,
        base_url=base_url,
    )
    for issue in result.issues:
        click.echo(f"warning: {issue.render(spec)}", err=True)
    package = result.summary.package
    rendered = surface.version_of(result.files[f"{package}/{surface.FILE}"])
    previous = None if version is not None else surface.previous(out, package)
    if version is not None:
        new_version, reason = version, "--version"
    elif previous is None:  # a new package
        new_version, reason = rendered, "new"
    else:  # the model (unpickled from a cached run) is needed only when the spec changed
        new_version, reason = surface.next_version(
            previous, result.files, package, lambda: result.api
        )
    files = surface.set_version(result.files, package, rendered, new_version)
    if not quiet and reason not in ("new", "same"):
        click.echo(f"version {new_version} ({reason})", err=True)
    if check:
        changes = compare(files, out)
        for line in changes.lines():
            click.echo(line)
        if changes.stale:
            click.echo(
                f"stale: {out} differs from what {spec} generates ({len(changes.lines())} files)",
                err=True,
            )
            sys.exit(EXIT_STALE)
        if not quiet:
            click.echo(f"up to date: {out}", err=True)
        return
    clock = time.perf_counter()
    changes = write(files, out)
    result.timings["write"] = time.perf_counter() - clock
    if timings:
        for stage, seconds in result.timings.items():
            hits, lookups = result.cached.get(stage, (0, 0))
            note = f"  (cache: {hits}/{lookups})" if lookups else ""
            click.echo(f"  {stage:<18} {seconds * 1000:8.0f} ms{note}", err=True)
    if not quiet:
        summary = result.summary
        click.echo(
            f"generated {summary.package}: {summary.groups} groups, {summary.operations} operations, {summary.models} models, "
            f"{len(result.files)} files ({len(changes.lines())} changed) in {time.perf_counter() - started:.1f} s -> {out}",
            err=True,
        )
    _done()


def _done() -> None:
    """End the ``sdkgen`` process now, without freeing what the run made one object at a time (~50 ms on the
    official spec): everything is written and closed by now. Only the command line process does this, never a
    program that calls :func:`main` (tests, ``CliRunner``)."""
    if _PROCESS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_OK)


@main.command()
@_SPEC
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 2 when the spec deviates from OpenAPI 3.0 at all.",
)
@_guard
def validate(spec: str, strict: bool) -> None:
    """Check SPEC as `generate` does, without generating: OpenAPI 3.0 deviations are warnings (errors with
    --strict); a spec `generate` refuses is refused (exit 2)."""
    issues = check(spec, strict=strict)
    for issue in issues:
        click.echo(
            f"{'error' if strict else 'warning'}: {issue.render(spec)}", err=True
        )
    if strict and issues:
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"ok: {spec} ({len(issues)} warnings)", err=True)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for release notes and PR bodies, or JSON.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Markdown: list at most this many changes per section (the rest are counted).",
)
@_guard
def diff(old: str, new: str, fmt: str, limit: int | None) -> None:
    """Print the changelog of the API from spec OLD to spec NEW (paths or http(s) URLs), as the SDK's users see it,
    with the recommended semver bump. Exit codes: 0 no breaking change, 4 breaking changes, 2 bad input.
    """
    from . import changelog
    from .diff import diff as compare

    old_api, new_api = model(old), model(new)
    changes = compare(old_api, new_api)
    if fmt == "json":
        click.echo(changelog.to_json(old_api, new_api, changes, old, new), nl=False)
    else:
        click.echo(
            changelog.to_markdown(old_api, new_api, changes, old, new, limit=limit),
            nl=False,
        )
    if any(c.breaking for c in changes):
        sys.exit(EXIT_BREAKING)


if __name__ == "__main__":  # pragma: no cover
    _PROCESS = True
    main()
