"""The embedded AWS emulation: a moto server on 127.0.0.1, quiet."""
from __future__ import annotations

import logging

from moto.server import ThreadedMotoServer

# Fake credentials for moto; real ones must never reach the local stack.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


def start_moto(port: int = 0) -> tuple[ThreadedMotoServer, str]:
    """Start moto in a thread on 127.0.0.1 (port 0: any free port); returns (server, endpoint URL).

    Stop it with `server.stop()`.
    """
    # werkzeug logs every request moto serves at INFO; only its warnings belong in our output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, bound_port = server.get_host_and_port()
    return server, f"http://{host}:{bound_port}"
