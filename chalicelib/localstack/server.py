"""The embedded AWS emulation: a moto server on 127.0.0.1, quiet."""
from __future__ import annotations

import logging
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

# Fake credentials for moto; real ones must never reach the local stack.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


class DynamoDBRequestsOneAtATime:
    """WSGI wrapper giving moto DynamoDB's per-request atomicity.

    moto applies a request in Python without a lock, so two threads could
    interleave inside one TransactWriteItems ("dictionary changed size during
    iteration"), which DynamoDB never does. Only DynamoDB requests are
    serialised: SQS long polls must go on waiting side by side.
    """

    def __init__(self, app):
        self._app, self._lock = app, threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            with self._lock:
                return list(self._app(environ, start_response))
        return self._app(environ, start_response)


class LocalMotoServer(ThreadedMotoServer):
    """ThreadedMotoServer with DynamoDB requests serialised (moto pinned: this mirrors its _server_entry)."""

    def _server_entry(self) -> None:
        app = DynamoDBRequestsOneAtATime(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def start_moto(port: int = 0) -> tuple[ThreadedMotoServer, str]:
    """Start moto in a thread on 127.0.0.1 (port 0: any free port); returns (server, endpoint URL).

    Stop it with `server.stop()`.
    """
    # werkzeug logs every request moto serves at INFO; only its warnings belong in our output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = LocalMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, bound_port = server.get_host_and_port()
    return server, f"http://{host}:{bound_port}"
