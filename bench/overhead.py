"""Per-request overhead of the generated SDK against a loopback HTTP server: ``client.project.get_project(...)``
(auth, rate-limit, consistency and retry policy, URL building, parsing the body into the ``Project`` model) against
the same request made with bare httpx (``httpx.Client.get(...).json()``), on one kept-alive connection each.

The server is a minimal asyncio HTTP/1.1 server in its own process that answers every request with the same JSON
body. Blocks of requests alternate between the two clients; the figure is the median of the blocks' per-request time.
The note gives the client thread's CPU time per request too (``time.thread_time``): on a busy machine the wall
times wander with the other processes' load, the CPU times much less.

    .venv/bin/python bench/overhead.py [WORK_DIR]
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import OUR_BIN, RUNS, Row, python_timing, table
from sdk import PROJECT

SERVER = r"""
import asyncio, sys
BODY = sys.argv[2].encode()
HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(BODY)
async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            writer.write(HEAD + BODY)
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", int(sys.argv[1]))
    async with server:
        await asyncio.sleep(float(sys.argv[3]))
asyncio.run(main())
"""

CLIENT = """
import json, statistics, time, httpx, mstudio
URL = "http://127.0.0.1:{port}"
bare = httpx.Client()
sdk = mstudio.Client(token="t", base_url=URL)
def with_httpx():
    return bare.get(URL + "/v2/projects/p-1", headers={{"x-access-token": "t"}}).json()
def with_sdk():
    return sdk.project.get_project("p-1")
for f in (with_httpx, with_sdk):
    for _ in range(50):
        f()
blocks = {{"httpx": [], "sdk": [], "httpx_cpu": [], "sdk_cpu": []}}
for _ in range({blocks}):
    for name, f in (("httpx", with_httpx), ("sdk", with_sdk)):
        t, c = time.perf_counter(), time.thread_time()
        for _ in range({per_block}):
            f()
        blocks[name].append((time.perf_counter() - t) / {per_block} * 1e6)
        blocks[name + "_cpu"].append((time.thread_time() - c) / {per_block} * 1e6)
print(json.dumps({{k: statistics.median(v) for k, v in blocks.items()}}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rows(work: Path) -> list[Row]:
    sdk_dir = work / "ours" / "mstudio"
    if not sdk_dir.is_dir():
        from cold import ours

        from _common import official_spec

        ours(official_spec(), sdk_dir, work / "cache")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port), json.dumps(PROJECT), "600"])
    try:
        for _ in range(100):  # until it listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        code = CLIENT.format(port=port, blocks=max(RUNS * 2, 10), per_block=200)
        env = {**os.environ, "PYTHONPATH": str(sdk_dir)}
        result = python_timing(OUR_BIN / "python", code, env=env)
    finally:
        server.kill()
        server.wait()
    ratio = result["sdk"] / result["httpx"]
    cpu = f"client CPU {result['sdk_cpu']:.0f} vs {result['httpx_cpu']:.0f} µs, {result['sdk_cpu'] / result['httpx_cpu']:.2f}"
    return [
        Row("time per request, loopback", "µs", result["sdk"], "bare httpx", result["httpx"], "ours ≤ 1.15 × httpx", ratio <= 1.15, cpu),
    ]


if __name__ == "__main__":
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    print(table(rows(work)))
