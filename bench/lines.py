"""Output size: lines of Python in each SDK of the official spec (``*.py``, newline count, like ``wc -l``), and the
operations each SDK covers. Ours and openapi-python-client's come from cold.py's runs (generated if missing);
openapi-generator's package (without its tests and docs), when cold.py generated it; mittwald-api-client as
installed from PyPI.

    .venv/bin/python bench/lines.py [WORK_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import Row, count_lines, official_spec, patched_spec, peer_venv, table


def _operations(folder: Path, style: str) -> int:
    if style == "opc":  # one module per operation under api/<tag>/
        return sum(1 for p in (folder / "api").rglob("*.py") if p.name != "__init__.py")
    return 0


def rows(work: Path) -> list[Row]:
    ours_dir, opc_dir = work / "ours" / "mstudio", work / "opc" / "mstudio_opc"
    if not ours_dir.is_dir() or not opc_dir.is_dir():
        from cold import openapi_python_client, ours

        ours(official_spec(), ours_dir, work / "cache")
        openapi_python_client(patched_spec(official_spec(), work), opc_dir)
    mine = count_lines(ours_dir)
    opc = count_lines(opc_dir)
    site = next((peer_venv("mittwald-api-client").parent / "lib").glob("python3*/site-packages"))
    mac_dir = site / "mittwald_api_client"
    out = [
        Row("output, lines of Python", "lines", mine, "openapi-python-client 0.29.1", opc, "≤ 0.20", mine <= opc / 5),
    ]
    oag_dir = work / "oag" / "mstudio_oag"
    if oag_dir.is_dir():
        out.append(Row("output, lines of Python", "lines", mine, "openapi-generator 7.26.0 (package only)", count_lines(oag_dir)))
    out.append(Row("output, lines of Python", "lines", mine, "mittwald-api-client 3.0.0 (PyPI)", count_lines(mac_dir),
                   note=f"it covers {_operations(mac_dir, 'opc')} operations, openapi-python-client's {_operations(opc_dir, 'opc')}"))  # fmt: skip
    return out


if __name__ == "__main__":
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    print(table(rows(work)))
