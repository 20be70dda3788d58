"""``import <pkg>`` + ``Client(...)`` does without httpx (~100 ms to import): it is imported, and the HTTP client
created, on the first request. Checked in a fresh interpreter on the golden package ``mstudio_mini``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generated" / "mstudio_mini"

CODE = r"""
import asyncio, json, sys, threading
import mstudio_mini as pkg

sync_client = pkg.Client(token="t")
async_client = pkg.AsyncClient(token="t")
with pkg.Client(token="t") as closed_by_with:
    pass
closed = pkg.Client(token="t")
closed.close()
assert "httpx" not in sys.modules, "httpx was imported by import + Client()"
assert sync_client.rate_limit is None and sync_client.last_event_id is None
assert "httpx" not in sys.modules, "httpx was imported by the client's properties"

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROJECT = {"id": "p-1", "description": "Demo", "createdAt": "2024-01-02T03:04:05Z", "enabled": True,
           "status": "ready"}
seen = []

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        seen.append((self.path, self.headers.get("x-access-token"), self.headers.get("user-agent")))
        body = json.dumps({**PROJECT, "id": self.path.rsplit("/", 1)[-1]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"

# the client's own HTTP client, created by the first request
with pkg.Client(token="t", base_url=url) as own:
    assert own.project.get_project("p-1").id == "p-1"
    assert own.project.get_project("p-2").description == "Demo"
assert "httpx" in sys.modules and own._http is not None and own._http.is_closed

async def main():
    async with pkg.AsyncClient(token="t", base_url=url) as client:
        return (await client.project.get_project("p-3")).id

assert asyncio.run(main()) == "p-3"
assert [path for path, _, _ in seen] == ["/v2/projects/p-1", "/v2/projects/p-2", "/v2/projects/p-3"]
assert all(token == "t" and agent.startswith("mstudio_mini/") for _, token, agent in seen), seen

# clients created before httpx was loaded, with a user-provided HTTP client, and closed before any request
import httpx

mock = httpx.MockTransport(lambda request: httpx.Response(200, json={**PROJECT, "id": request.url.path}))
given = pkg.Client(token="t", http_client=httpx.Client(transport=mock))
assert given.project.get_project("p-4").id == "/v2/projects/p-4"
given.close()
assert given.project.get_project("p-5").id == "/v2/projects/p-5"  # a given client is not closed
for client in (closed_by_with, closed):
    try:
        client.project.get_project("p-6")
    except RuntimeError as exc:
        assert "closed" in str(exc)
    else:
        raise AssertionError("a request on a closed client was sent")
server.shutdown()
print("ok")
"""


def test_import_and_client_leave_httpx_unloaded_and_the_first_request_works() -> None:
    env = {**os.environ, "PYTHONPATH": str(PACKAGE)}
    result = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[
        -3000:
    ]
