"""plaudit sidecar: serve any Python reward function over plaudit's sidecar protocol.

Standard library only. Wrap a function ``score(batch) -> list[float]`` and point a plaudit
recipe at it with ``endpoint: {protocol: sidecar, url: http://127.0.0.1:8100, model: NAME}``::

    from plaudit_sidecar import serve

    def score(batch):
        # batch: list of {"prompt": str, "completion": str, "images": [bytes], "meta": dict}
        return [my_model(item["prompt"], item["images"]) for item in batch]

    serve(score, port=8100, max_batch=32)

or from a shell: ``python3 plaudit_sidecar.py --function mymodule:score --port 8100``.

Protocol (JSON over HTTP, loopback by default):

* ``POST /score`` ``{"model": str, "items": [{"prompt", "completion", "images": [base64], "meta"}]}``
  returns ``{"scores": [float | null], "errors": [str | null]}`` with one entry per item, in
  order. A ``null`` score always carries its error; plaudit turns it into ``null`` + a
  ``judge_error`` issue, never 0.
* ``GET /health`` returns ``{"ok": true, "model": ..., "batches": n, "items": n}``.

Batching: items of requests that arrive together are scored in one call of ``score`` (up to
``max_batch`` items, waiting at most ``max_wait_ms`` for more), on one worker thread, so a GPU
model sees large batches and is never called concurrently.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import importlib
import json
import math
import queue
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

ScoreFunction = Callable[[list], list]

__all__ = ["SidecarServer", "serve", "make_server"]


class _Job:
    __slots__ = ("items", "scores", "errors", "done")

    def __init__(self, items: list) -> None:
        self.items = items
        self.scores: list = [None] * len(items)
        self.errors: list = [None] * len(items)
        self.done = threading.Event()


class _Batcher:
    """One worker thread that gathers items of concurrent requests into batches."""

    def __init__(self, fn: ScoreFunction, max_batch: int, max_wait_ms: float) -> None:
        self.fn = fn
        self.max_batch = max_batch
        self.max_wait = max_wait_ms / 1000.0
        self.jobs: "queue.Queue[Optional[_Job]]" = queue.Queue()
        self.batches = 0
        self.items = 0
        self.thread = threading.Thread(target=self._run, name="plaudit-sidecar-batcher", daemon=True)
        self.thread.start()

    def submit(self, job: _Job) -> None:
        self.jobs.put(job)

    def stop(self) -> None:
        self.jobs.put(None)
        self.thread.join(timeout=5)

    def _run(self) -> None:
        carry: Optional[_Job] = None
        while True:
            first = carry if carry is not None else self.jobs.get()
            carry = None
            if first is None:
                return
            pending = [first]
            size = len(first.items)
            while size < self.max_batch:
                try:
                    job = self.jobs.get(timeout=self.max_wait)
                except queue.Empty:
                    break
                if job is None:
                    self.jobs.put(None)
                    break
                if size + len(job.items) > self.max_batch and size > 0:
                    carry = job
                    break
                pending.append(job)
                size += len(job.items)
            self._score(pending)

    def _score(self, jobs: list) -> None:
        flat = [(job, i) for job in jobs for i in range(len(job.items)) if job.errors[i] is None]
        # Items whose input failed to decode already carry an error and are not scored.
        batch = [job.items[i] for job, i in flat]
        try:
            scores = list(self.fn(batch)) if batch else []
            if len(scores) != len(batch):
                raise ValueError(f"score() returned {len(scores)} values for {len(batch)} items")
        except Exception as error:  # the user's function failed: every item says why
            message = f"{type(error).__name__}: {error}"[:300]
            for job, i in flat:
                job.errors[i] = message
        else:
            for (job, i), value in zip(flat, scores):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                    job.errors[i] = f"score() returned {value!r}, not a finite number"
                else:
                    job.scores[i] = float(value)
        self.batches += 1
        self.items += len(batch)
        for job in jobs:
            job.done.set()


def _decode_item(raw: Any) -> tuple:
    if not isinstance(raw, dict):
        return None, "an item must be an object"
    images = []
    for image in raw.get("images") or []:
        if not isinstance(image, str):
            return None, "images must be base64 strings"
        try:
            images.append(base64.b64decode(image, validate=True))
        except (binascii.Error, ValueError):
            return None, "an image is not valid base64"
    meta = raw.get("meta")
    return {
        "prompt": raw.get("prompt") if isinstance(raw.get("prompt"), str) else "",
        "completion": raw.get("completion") if isinstance(raw.get("completion"), str) else "",
        "images": images,
        "meta": meta if isinstance(meta, dict) else {},
    }, None


class SidecarServer(ThreadingHTTPServer):
    """An HTTP server speaking the sidecar protocol around one scoring function."""

    daemon_threads = True

    def __init__(
        self,
        fn: ScoreFunction,
        host: str = "127.0.0.1",
        port: int = 8100,
        model: str = "sidecar",
        max_batch: int = 32,
        max_wait_ms: float = 5.0,
        max_body: int = 256 * 1024 * 1024,
    ) -> None:
        super().__init__((host, port), _Handler)
        self.model = model
        self.max_body = max_body
        self.batcher = _Batcher(fn, max_batch, max_wait_ms)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def server_close(self) -> None:
        self.batcher.stop()
        super().server_close()


class _Handler(BaseHTTPRequestHandler):
    server: SidecarServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet by default
        pass

    def _send(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/health":
            b = self.server.batcher
            self._send(200, {"ok": True, "model": self.server.model, "batches": b.batches, "items": b.items})
        else:
            self._send(404, {"error": "not found: use POST /score or GET /health"})

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/score":
            self._send(404, {"error": "not found: use POST /score or GET /health"})
            return
        length = int(self.headers.get("content-length") or 0)
        if length > self.server.max_body:
            self._send(413, {"error": f"body larger than {self.server.max_body} bytes"})
            return
        try:
            request = json.loads(self.rfile.read(length) or b"{}")
            raw_items = request["items"]
            if not isinstance(raw_items, list):
                raise TypeError("items must be a list")
        except (ValueError, KeyError, TypeError) as error:
            self._send(400, {"error": f"bad request: {error}"})
            return
        job = _Job([None] * len(raw_items))
        for i, raw in enumerate(raw_items):
            item, error = _decode_item(raw)
            job.items[i] = item
            job.errors[i] = error
        if raw_items:
            self.server.batcher.submit(job)
            job.done.wait()
        self._send(200, {"scores": job.scores, "errors": job.errors})


def make_server(fn: ScoreFunction, **options: Any) -> SidecarServer:
    """Builds (binds) a sidecar server without starting it; ``port=0`` picks a free port."""
    return SidecarServer(fn, **options)


def serve(fn: ScoreFunction, **options: Any) -> None:
    """Serves ``fn`` until interrupted. Options: host, port, model, max_batch, max_wait_ms, max_body."""
    server = make_server(fn, **options)
    print(f"plaudit-sidecar: serving {server.model} on {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _main(argv: Optional[list] = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a Python reward function for plaudit (sidecar protocol).")
    parser.add_argument("--function", required=True, help="module:function taking a batch, returning scores")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--model", default="sidecar")
    parser.add_argument("--max-batch", type=int, default=32)
    parser.add_argument("--max-wait-ms", type=float, default=5.0)
    args = parser.parse_args(argv)
    module_name, _, name = args.function.partition(":")
    fn = getattr(importlib.import_module(module_name), name or "score")
    serve(fn, host=args.host, port=args.port, model=args.model, max_batch=args.max_batch, max_wait_ms=args.max_wait_ms)


if __name__ == "__main__":
    sys.path.insert(0, ".")
    _main()
