"""Signed POSTs to a court's callback_url (CONTRACT §3, header `X-Platform-Signature`).

Each send vets the URL again (chalicelib.domain.callbacks: DNS may have changed
since the court set it) and then connects to the very address it vetted, with
the court's host name kept for the Host header, TLS SNI and certificate check:
no second lookup, so no rebinding window between check and connect. Redirects
are not followed (a 3xx is a failed delivery); connecting may take 3 s and the
whole exchange 5 s, after which the socket is shut and the message retried.
"""
from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
import time

from chalicelib.auth import sign
from chalicelib.domain import callbacks
from chalicelib.services.ports import DeliveryFailed

CONNECT_SECONDS = 3
TOTAL_SECONDS = 5


def system_resolver(host: str, port: int) -> list[str]:
    """Every address DNS gives for `host` (none when the name does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(info[4][0] for info in infos))


def _local_stage() -> bool:
    from chalicelib.settings import get_settings

    return get_settings().stage == "local"


class CourtNotifier:
    def __init__(self, resolver: callbacks.Resolver = system_resolver, clock=time.time,
                 tls: ssl.SSLContext | None = None, local: bool | None = None):
        self._resolve = resolver
        self._clock = clock
        self._tls = tls
        self._local = local  # None: decided by the stage at each call

    def vet(self, url: str) -> None:
        """When a court sets its callback_url: UnsafeCallback unless the rule allows it.

        A name that does not resolve yet is accepted — it reaches nothing, and
        every send checks again.
        """
        callbacks.vet(url, self._resolve, local=self._is_local(), must_resolve=False)

    def post(self, url: str, secret: str, message: dict) -> int:
        try:
            target = callbacks.vet(url, self._resolve, local=self._is_local())
        except callbacks.UnsafeCallback as err:
            raise DeliveryFailed(f"refused to send: {err.message}") from err
        body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        timestamp = str(int(self._clock()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Platform-Timestamp": timestamp,
            "X-Timestamp": timestamp,
            "X-Platform-Signature": sign(secret, timestamp, body),
            "X-Event-Id": message["event_id"],
        }
        status = self._exchange(target, body, headers)
        if not 200 <= status < 300:
            kind = "redirected (not followed)" if 300 <= status < 400 else "answered"
            raise DeliveryFailed(f"{target.host} {kind} {status}")
        return status

    def _is_local(self) -> bool:
        return _local_stage() if self._local is None else self._local

    def _exchange(self, target: callbacks.Target, body: bytes, headers: dict) -> int:
        connection = self._connection(target)
        deadline = threading.Timer(TOTAL_SECONDS, connection.abort)
        deadline.start()
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            return connection.getresponse().status
        except (OSError, http.client.HTTPException) as err:
            raise DeliveryFailed(f"{target.host} unreachable: {err.__class__.__name__}") from err
        finally:
            deadline.cancel()
            connection.close()

    def _connection(self, target: callbacks.Target):
        if target.scheme == "https":
            return _PinnedHTTPS(target, self._tls or ssl.create_default_context())
        return _PinnedHTTP(target)


class _Pinned:
    """Connects to the vetted addresses only, in order, keeping the host name for Host (and SNI)."""

    def _open_socket(self) -> socket.socket:
        last = None
        for address in self._target.addresses:
            try:
                sock = socket.create_connection((address, self._target.port), timeout=CONNECT_SECONDS)
                sock.settimeout(TOTAL_SECONDS)
                return sock
            except OSError as err:
                last = err
        raise last or OSError("no address to connect to")

    def abort(self) -> None:
        """Unblock a read past the total deadline (called from the timer thread)."""
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    def __init__(self, target: callbacks.Target):
        super().__init__(target.host, target.port, timeout=CONNECT_SECONDS)
        self._target = target

    def connect(self) -> None:
        self.sock = self._open_socket()


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    def __init__(self, target: callbacks.Target, context: ssl.SSLContext):
        super().__init__(target.host, target.port, timeout=CONNECT_SECONDS, context=context)
        self._target = target
        self._tls_context = context

    def connect(self) -> None:
        self.sock = self._tls_context.wrap_socket(self._open_socket(), server_hostname=self._target.host)
