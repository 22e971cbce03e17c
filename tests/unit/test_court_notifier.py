import io
import json
import urllib.error

import pytest

from chalicelib.adapters.court_notifier import CourtNotifier, DeliveryFailed
from chalicelib.auth import verify_court_signature

MESSAGE = {"event_id": "C1:case.assigned:m1", "type": "case.assigned", "data": {"case_id": "C1"}}


class Opener:
    def __init__(self, error=None):
        self.requests, self.error = [], error

    def __call__(self, request, timeout):
        self.requests.append((request, timeout))
        if self.error:
            raise self.error
        response = io.BytesIO(b"ok")
        response.status = 204
        return response


def test_a_notification_is_signed_like_a_court_webhook():
    opener = Opener()
    assert CourtNotifier(opener=opener, clock=lambda: 1_780_000_000).post("https://c/cb", "s3cret", MESSAGE) == 204
    request, timeout = opener.requests[0]
    headers = {k.lower(): v for k, v in request.header_items()}
    assert timeout == 10 and request.get_method() == "POST"
    assert json.loads(request.data) == MESSAGE and headers["x-event-id"] == MESSAGE["event_id"]
    verify_court_signature("s3cret", headers["x-platform-timestamp"], request.data,
                           headers["x-platform-signature"], now=1_780_000_000)


@pytest.mark.parametrize("error", [urllib.error.HTTPError("https://c/cb", 503, "busy", {}, None),
                                   urllib.error.URLError("refused"), TimeoutError()])
def test_a_failed_delivery_raises_so_the_message_is_retried(error):
    with pytest.raises(DeliveryFailed):
        CourtNotifier(opener=Opener(error)).post("https://c/cb", "s", MESSAGE)


def test_retries_back_off_exponentially_up_to_fifteen_minutes():
    from chalicelib.services.notifications import retry_delay

    assert [retry_delay(n) for n in (1, 2, 3, 4, 5, 6)] == [30, 60, 120, 240, 480, 900]
