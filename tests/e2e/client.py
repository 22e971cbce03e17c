"""End-to-end helpers: start the real local stack as a process, talk HTTP to it.

    stack = start_local_stack()          # python -m chalicelib.localstack on a free port
    api = Client(stack.base_url)
    api.get("/openapi.json").status_code
    api.as_staff("org_admin", org_id="xx-sme").get("/mediators")
    api.webhook("weibin", stack.court_secret, {"event_id": "e-1", "type": "case.delegated", "data": {...}})
    api.sign_in(case_id, "13784660762")  # the SMS code read from GET /_local/messages → a party token
    stack.stop()                         # SIGTERM; returns the seconds it took to exit

`tests/e2e/conftest.py` gives tests a session-wide `local_stack` and a `client`.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_SECONDS = 120  # a cold first start imports pdfplumber, moto, boto3
READY_LINE = "Sutiao local stack ready in"  # the banner's first line


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LocalStack:
    """A running `python -m chalicelib.localstack` process."""

    process: subprocess.Popen
    port: int
    output: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def court_secret(self) -> str | None:
        """The seeded demo court's webhook secret, as the banner printed it."""
        match = re.search(r"court webhook .* secret (\S+)", "\n".join(self.output))
        return match.group(1) if match else None

    def log(self) -> str:
        return "\n".join(self.output)

    def stop(self, timeout: float = 5.0) -> float:
        """SIGTERM, then wait; returns the seconds to exit (killed and raises if it outlives `timeout`)."""
        if self.process.poll() is not None:
            return 0.0
        sent = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        return time.monotonic() - sent


def start_local_stack(port: int | None = None, seed: bool = True, env: dict[str, str] | None = None,
                      ready_timeout: float = READY_TIMEOUT_SECONDS) -> LocalStack:
    """Start the local stack on `port` (default: a free one); returns once it printed its banner
    and GET /openapi.json answers."""
    port = port or free_port()
    environment = {**os.environ, "PORT": str(port), "SEED": "1" if seed else "0", "PYTHONUNBUFFERED": "1",
                   **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "chalicelib.localstack"], cwd=ROOT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stack = LocalStack(process, port)
    threading.Thread(target=_collect, args=(process, stack.output), daemon=True).start()
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the local stack exited with {process.returncode}:\n{stack.log()}")
        try:
            if READY_LINE in stack.log() and \
                    requests.get(f"{stack.base_url}/openapi.json", timeout=2).status_code == 200:
                return stack
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.kill()
    process.wait()
    raise TimeoutError(f"the local stack did not answer within {ready_timeout} s:\n{stack.log()}")


def _collect(process: subprocess.Popen, lines: list[str]) -> None:
    """Drain the process's output (a full pipe would block it) and keep it for assertions."""
    for line in process.stdout:
        lines.append(line.rstrip("\n"))


class Client:
    """A small HTTP client for the local stack; every method returns a `requests.Response`."""

    def __init__(self, base_url: str, token: str | None = None, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._session = session or requests.Session()

    def as_token(self, token: str | None) -> "Client":
        """The same client speaking as the bearer of `token` (staff JWT or party token)."""
        return Client(self.base_url, token, self._session)

    def as_staff(self, role: str, **scope: str) -> "Client":
        """Speak as a staff member: `as_staff("mediator", mediator_id="m-wang")`."""
        from chalicelib.auth import mint_token  # same default secret as the stack it started

        return self.as_token(mint_token(role, **scope))

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return self._session.request(method, self.base_url + path, headers=headers, timeout=60, **kwargs)

    def get(self, path: str, **params) -> requests.Response:
        return self.request("GET", path, params=params or None)

    def post(self, path: str, body: dict | None = None) -> requests.Response:
        return self.request("POST", path, json=body or {})

    def put(self, path: str, body: dict) -> requests.Response:
        return self.request("PUT", path, json=body)

    def upload(self, path: str, pdf: bytes, filename: str = "document.pdf", **fields: str) -> requests.Response:
        """POST multipart/form-data with `file` and extra form fields."""
        return self.request("POST", path, files={"file": (filename, pdf, "application/pdf")}, data=fields)

    def webhook(self, court_id: str, secret: str, payload: dict, timestamp: int | None = None) -> requests.Response:
        """POST /webhooks/court signed as CONTRACT section 3 says."""
        from chalicelib.auth import sign

        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        sent_at = str(timestamp if timestamp is not None else int(time.time()))
        headers = {"Content-Type": "application/json", "X-Court-Id": court_id, "X-Timestamp": sent_at,
                   "X-Signature": sign(secret, sent_at, body)}
        return self._session.post(f"{self.base_url}/webhooks/court", data=body, headers=headers, timeout=60)

    def sms_code(self, phone: str) -> str:
        """The code of the newest verification SMS the local stage sent to `phone` (GET /_local/messages)."""
        messages = self.get("/_local/messages", to=phone).json()["messages"]
        return re.search(r"验证码(\d{6})", next(m["text"] for m in messages if "验证码" in m["text"])).group(1)

    def sign_in(self, case_id: str, phone: str) -> requests.Response:
        """POST /auth/party-login with the code the phone received (confirms a public application)."""
        return self.post("/auth/party-login", {"case_id": case_id, "phone": phone, "code": self.sms_code(phone)})

    def wait_for(self, path: str, predicate, timeout: float = 30.0, interval: float = 0.2) -> requests.Response:
        """GET `path` until `predicate(response)` holds (queued steps run asynchronously); the last response."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.get(path)
            if predicate(response) or time.monotonic() >= deadline:
                return response
            time.sleep(interval)
