"""Staff sign-in cost (issue 11): argon2id on this machine, and POST /auth/login through the local stack.

    .venv/bin/python bench/login.py [--rounds N]

- hash / verify: `chalicelib.auth.passwords` at the configured cost (RFC 9106: t=3, 64 MiB, p=4
  unless PASSWORD_TIME_COST / PASSWORD_MEMORY_KIB say otherwise), in-process;
- login: `POST /auth/login` for a seeded account over HTTP against `make run`'s process (moto, the
  Chalice local server), sequential, so each figure is one request's latency, the verify included;
- wrong password: the same for a failed try (its failure is counted: a few stay under the limit);
- a signed-in request: `GET /cases` with the session's token (the account lookup in `authenticate`).
Figures are p50 / p90 in milliseconds over `--rounds` runs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chalicelib.auth.passwords import hash_password, verify_password  # noqa: E402
from chalicelib.domain.accounts import FAILURES_PER_ACCOUNT  # noqa: E402
from tests.e2e.client import start_local_stack  # noqa: E402


def timed(action, rounds: int) -> list[float]:
    spent = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def line(name: str, spent: list[float]) -> str:
    ordered = sorted(spent)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"  {name:<28} p50 {statistics.median(ordered):7.1f} ms   p90 {p90:7.1f} ms   (n={len(ordered)})"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    stored = hash_password("demo-password")
    print(f"argon2id {stored.split('$')[3]}, in-process:")
    print(line("hash", timed(lambda: hash_password("demo-password"), rounds)))
    print(line("verify", timed(lambda: verify_password(stored, "demo-password"), rounds)))

    stack = start_local_stack()
    try:
        api, http = stack.base_url, requests.Session()

        def login(password: str = "demo-password") -> requests.Response:
            return http.post(f"{api}/auth/login", json={"username": "m-wang", "password": password}, timeout=60)

        token = login().json()["token"]  # warm: the first request imports the sign-in path
        print(f"through the local stack ({api}):")
        print(line("POST /auth/login", timed(lambda: login().raise_for_status(), rounds)))
        wrong = timed(lambda: login("not-the-password"), FAILURES_PER_ACCOUNT - 1)
        print(line("POST /auth/login (wrong)", wrong))
        headers = {"Authorization": f"Bearer {token}"}
        print(line("GET /cases (signed in)", timed(
            lambda: http.get(f"{api}/cases", params={"mediator_id": "m-wang"}, headers=headers,
                             timeout=60).raise_for_status(), rounds)))
    finally:
        stack.stop(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
