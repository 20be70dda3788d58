"""The escaping filters: every string that comes from a spec reaches generated code through one of them.

- ``pystr``: a string literal (JSON string syntax, a subset of Python's, so quotes, backslashes and newlines are
  escaped and nothing can end the literal early);
- ``docstring``: a triple-quoted docstring in which no run of quotes and no backslash survives unescaped;
- ``ident``: an identifier, refused unless it is one (naming.py made it; this is the guard);
- ``pyvalue``: a JSON value as a Python literal;
- ``tomlstr`` and ``md_cell``: a TOML string and a Markdown table cell.

Spec text is only ever data handed to templates, never a template itself, so Jinja syntax inside it is inert.
"""

from __future__ import annotations

import json
import keyword
import math
import re
from typing import Any

from .errors import RenderError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def pystr(value: object) -> str:
    """A string literal in JSON's escapes, which Python shares, except that a character beyond the BMP is one
    ``\\UXXXXXXXX`` escape: Python reads JSON's surrogate pair ``\\ud83d\\ude00`` as two characters, not one.
    """
    text = str(value)
    if text.isascii():
        return json.dumps(text)
    return _ascii_escaped(json.dumps(text, ensure_ascii=False))


def tomlstr(value: object) -> str:
    """A TOML basic string: JSON's escapes are TOML's too, except that TOML spells a character beyond the BMP as one
    ``\\UXXXXXXXX`` escape (not a surrogate pair) and has no lone surrogates (replaced).
    """
    return _ascii_escaped(
        json.dumps(
            str(value).encode("utf-8", "replace").decode("utf-8"), ensure_ascii=False
        )
    )


def _ascii_escaped(text: str) -> str:
    return "".join(
        (
            c
            if ord(c) < 0x7F
            else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
        )
        for c in text
    )


def ident(value: str) -> str:
    if not (
        isinstance(value, str)
        and value.isidentifier()
        and value.isascii()
        and not keyword.iskeyword(value)
    ):
        raise RenderError(f"not a safe identifier: {value!r}")
    return value


def pyvalue(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RenderError(f"not a finite number: {value!r}")
        return repr(value)
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, list):
        return "[" + ", ".join(pyvalue(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{pystr(k)}: {pyvalue(v)}" for k, v in value.items()) + "}"
        )
    raise RenderError(f"not a JSON value: {value!r}")


def clean_text(text: str) -> str:
    text = (
        text.encode("utf-8", "replace")
        .decode("utf-8")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
    )
    text = _CONTROL.sub("", text.expandtabs(4))
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def docstring(text: str, indent: int = 0) -> str:
    """A complete, escaped docstring block (without leading indentation on its first line)."""
    text = clean_text(text) or "Undocumented."
    text = text.replace("\\", "\\\\")
    text = re.sub(r'"(?=")', '\\"', text)
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    pad = " " * indent
    lines = text.split("\n")
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    body = "\n".join((pad + line) if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{body}\n{pad}"""'


def md_cell(text: str) -> str:
    """Text in a Markdown table cell: one line, pipes escaped."""
    return clean_text(text).replace("\n", " ").replace("|", "\\|")


def md_code(text: object) -> str:
    """A Markdown code span that survives backticks in ``text``."""
    text = str(text)
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_line(text: str, limit: int = 120) -> str:
    """Spec prose for one Markdown line: one line, no HTML, no mentions, at most ``limit`` characters."""
    line = " ".join(text.split())
    line = line.replace("<", "&lt;").replace(">", "&gt;").replace("@", "@\u200b")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
