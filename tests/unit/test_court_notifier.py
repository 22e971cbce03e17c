"""The court notifier against real sockets on 127.0.0.1, with the resolver injected (there is no DNS here).

Names resolve through a table; a test that needs a real connection maps the
court's name to 127.0.0.1 on the local stage, which alone may call loopback.
"""
import http.server
import json
import socket
import ssl
import threading

import pytest

from chalicelib.adapters.court_notifier import CourtNotifier, DeliveryFailed
from chalicelib.auth import verify_court_signature
from chalicelib.domain.callbacks import UnsafeCallback

MESSAGE = {"event_id": "C1:case.assigned:m1", "type": "case.assigned", "data": {"case_id": "C1"}}
PUBLIC = "93.184.216.34"


class Resolver:
    """A DNS table that may change between lookups: each name maps to a list of answers, one per lookup."""

    def __init__(self, **answers):
        self.answers = {name.replace("_", "."): list(a) for name, a in answers.items()}
        self.lookups = []

    def __call__(self, host, port):
        self.lookups.append(host)
        answers = self.answers.get(host, [[]])
        return answers.pop(0) if len(answers) > 1 else answers[0]


@pytest.fixture
def court():
    """A court endpoint on 127.0.0.1 that records what it got and answers with `court.status`."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers["Content-Length"])
            server.seen.append((self.path, dict(self.headers), self.rfile.read(length)))
            self.send_response(server.status)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.seen, server.status = [], 204
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def local_notifier(resolver, **kw):
    return CourtNotifier(resolver=resolver, clock=lambda: 1_780_000_000, local=True, **kw)


def test_a_notification_is_signed_and_sent_to_the_vetted_address_under_the_courts_name(court):
    port = court.server_address[1]
    notifier = local_notifier(Resolver(court_example=[["127.0.0.1"]]))
    assert notifier.post(f"http://court.example:{port}/cb?v=1", "s3cret", MESSAGE) == 204
    path, headers, body = court.seen[0]
    assert path == "/cb?v=1" and headers["Host"] == f"court.example:{port}"
    assert json.loads(body) == MESSAGE and headers["X-Event-Id"] == MESSAGE["event_id"]
    verify_court_signature("s3cret", headers["X-Platform-Timestamp"], body, headers["X-Platform-Signature"],
                           now=1_780_000_000)


def test_a_redirect_is_a_failed_delivery_and_is_not_followed(court):
    court.status = 302
    with pytest.raises(DeliveryFailed, match="not followed"):
        local_notifier(Resolver()).post(f"http://127.0.0.1:{court.server_address[1]}/cb", "s", MESSAGE)
    assert len(court.seen) == 1


@pytest.mark.parametrize("status", [400, 500, 503])
def test_an_error_answer_is_a_failed_delivery(court, status):
    court.status = status
    with pytest.raises(DeliveryFailed, match=str(status)):
        local_notifier(Resolver()).post(f"http://127.0.0.1:{court.server_address[1]}/cb", "s", MESSAGE)


def test_a_name_that_rebinds_to_a_private_address_after_it_was_set_is_refused_at_send():
    resolver = Resolver(court_example=[[PUBLIC], ["10.0.0.7"]])
    notifier = CourtNotifier(resolver=resolver, local=False)
    notifier.vet("https://court.example/cb")  # set: the name pointed at a public address
    with pytest.raises(DeliveryFailed, match="10.0.0.7"):
        notifier.post("https://court.example/cb", "s", MESSAGE)
    assert resolver.lookups == ["court.example", "court.example"]


def test_a_name_resolving_to_the_metadata_service_is_refused_when_set_and_when_sent():
    notifier = CourtNotifier(resolver=Resolver(meta_example=[["169.254.169.254"]]), local=False)
    with pytest.raises(UnsafeCallback, match="169.254.169.254"):
        notifier.vet("https://meta.example/latest")
    with pytest.raises(DeliveryFailed, match="169.254.169.254"):
        notifier.post("https://meta.example/latest", "s", MESSAGE)


def test_one_bad_address_among_several_refuses_the_name():
    notifier = CourtNotifier(resolver=Resolver(rr_example=[[PUBLIC, "127.0.0.1"]]), local=False)
    with pytest.raises(UnsafeCallback):
        notifier.vet("https://rr.example/")


def test_a_name_that_does_not_resolve_may_be_set_but_is_not_sent_to():
    notifier = CourtNotifier(resolver=Resolver(), local=False)
    notifier.vet("https://not-yet.example/cb")
    with pytest.raises(DeliveryFailed, match="does not resolve"):
        notifier.post("https://not-yet.example/cb", "s", MESSAGE)


def test_an_unreachable_court_is_a_failed_delivery():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens once the probe is closed
    with pytest.raises(DeliveryFailed, match="unreachable"):
        local_notifier(Resolver()).post(f"http://127.0.0.1:{port}/cb", "s", MESSAGE)


def test_a_court_that_never_answers_is_given_up_on(monkeypatch):
    import chalicelib.adapters.court_notifier as module

    monkeypatch.setattr(module, "TOTAL_SECONDS", 0.3)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts the connection, never answers
        with pytest.raises(DeliveryFailed, match="unreachable"):
            local_notifier(Resolver()).post(f"http://127.0.0.1:{silent.getsockname()[1]}/cb", "s", MESSAGE)


def test_tls_goes_to_the_vetted_address_with_the_courts_name_for_sni_and_the_certificate(tmp_path):
    cert, key = _self_signed(tmp_path, "court.example")
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    names = []
    server_tls.sni_callback = lambda sock, name, ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve():
        conn, _ = listener.accept()
        with server_tls.wrap_socket(conn, server_side=True) as tls:
            request = _read_request(tls)
            names.append(request.split("\r\n")[1])  # the Host header line
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    client_tls = ssl.create_default_context(cafile=str(cert))
    notifier = local_notifier(Resolver(court_example=[["127.0.0.1"]]), tls=client_tls)
    assert notifier.post(f"https://court.example:{port}/cb", "s", MESSAGE) == 200
    assert names == ["court.example", f"Host: court.example:{port}"]
    listener.close()


def _read_request(tls) -> str:
    """The whole request (head and body): closing with unread bytes would reset the client's connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += tls.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += tls.recv(65536)
    return head.decode()


def _self_signed(tmp_path, name):
    from datetime import datetime, timedelta, timezone

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=1))
            .not_valid_after(now + timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_retries_back_off_exponentially_up_to_fifteen_minutes():
    from chalicelib.services.notifications import retry_delay

    assert [retry_delay(n) for n in (1, 2, 3, 4, 5, 6)] == [30, 60, 120, 240, 480, 900]
