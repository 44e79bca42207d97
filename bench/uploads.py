"""Benchmark of uploads read in the background, through `commission serve` as `make run` starts
it (SQLite, the job queue's worker threads inside the server, an idle queue).

    python -m bench.uploads [--rounds 10]

Creates a fresh installation under bench/out/uploads/ (the demo registry, so names resolve),
starts the server, and for each round uploads, through the API, (1) the seed file with two
letters, made new each round by a line of its own so it is filed, not recognised, and (2) a file
at the upload limit (5 MB of text). It reports how long the upload took to answer (target
200 ms whatever the size) and how long until the letters' proposals were ready, polling the
upload every 20 ms (target 2 s for the seed file).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "uploads"
SEED = ROOT / "commission" / "demo_data" / "letters" / "001_a352e46885aa233d.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(base: str, token: str, name: str, data: bytes) -> tuple[float, dict[str, object]]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    )
    request = urllib.request.Request(
        f"{base}/api/v1/letters/",
        data=head.encode() + data + f"\r\n--{boundary}--\r\n".encode(),
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as answer:
        body = json.loads(answer.read().decode())
        assert answer.status == 202, body
    return time.perf_counter() - started, body


def _ready(base: str, token: str, url: str, started: float) -> tuple[float, dict[str, object]]:
    while True:
        request = urllib.request.Request(
            f"{base}{url}", headers={"Authorization": f"Token {token}"}
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            status = json.loads(answer.read().decode())
        if status["state"] in ("done", "failed"):
            return time.perf_counter() - started, status
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.uploads", description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    env = {
        **os.environ,
        "COMMISSION_VAR_DIR": str(OUT / "var"),
        "DATABASE_URL": f"sqlite:///{OUT / 'db.sqlite3'}",
        # A key of its own, so the benchmark never touches the installation's key file.
        "COMMISSION_AUDIT_KEY": "YmVuY2htYXJrLW9mLXVwbG9hZHMtcmVhZC1pbi10aGUtYmFja2dyb3VuZA",
    }
    commission = [sys.executable, "-m", "commission"]
    subprocess.run([*commission, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*commission, "demo", "--without-letters"], env=env, check=True, cwd=ROOT,
        capture_output=True,
    )  # fmt: skip
    token = subprocess.run(
        [*commission, "token", "clerk"], env=env, check=True, cwd=ROOT, capture_output=True,
        text=True,
    ).stdout.split()[-1]  # fmt: skip
    port = _free_port()
    log = (OUT / "server.log").open("wb")
    server = subprocess.Popen(
        [*commission, "serve", "--port", str(port)], env=env, cwd=ROOT, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        seed = SEED.read_bytes()
        big = (seed * (5 * 1024 * 1024 // len(seed)))[: 5 * 1024 * 1024 - 1024]
        answered: dict[str, list[float]] = {"seed": [], "5 MB": []}
        ready: list[float] = []
        for n in range(args.rounds):
            data = seed.replace(b"20 December", f"20 December (copy {n})".encode(), 1)
            took, accepted = _post(base, token, f"seed-{n}.txt", data)
            answered["seed"].append(took)
            until, status = _ready(
                base, token, str(accepted["status_url"]), time.perf_counter() - took
            )
            report = status["report"]
            assert isinstance(report, dict), status
            assert report["letters"], status
            ready.append(until)
            took, accepted = _post(base, token, f"big-{n}.txt", big)
            answered["5 MB"].append(took)
            _ready(base, token, str(accepted["status_url"]), time.perf_counter())
        print(f"{args.rounds} rounds on {os.cpu_count()} cores, SQLite, worker threads in serve")
        for name, times in answered.items():
            print(
                f"upload answered ({name}): median {statistics.median(times) * 1000:.0f} ms, "
                f"max {max(times) * 1000:.0f} ms (target 200 ms)"
            )
        print(
            f"seed letters' proposals ready: median {statistics.median(ready) * 1000:.0f} ms, "
            f"max {max(ready) * 1000:.0f} ms (target 2000 ms)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
