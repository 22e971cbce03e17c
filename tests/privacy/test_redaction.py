"""The redacting layer of the "sutiao" logger: each kind of secret, in messages, extras and tracebacks."""
import io
import json
import logging

import pytest

from chalicelib.auth import mint_token, new_party_token
from chalicelib.observability import REDACTED, logger, redact


@pytest.mark.parametrize("raw, shown", [
    ("身份证410711197612233848，", "身份证4107**********3848，"),
    ("id 41070219800229561X end", "id 4107**********561X end"),
    ("old card 410711761223384", "old card 4107*******3384"),
    ("统一社会信用代码：914107046UARJR4A0U", "统一社会信用代码：9141**********4A0U"),
    ("电话15855608283", "电话158****8283"),
    ("tel +86 158-5560-8283.", "tel +86 ***-****-8283."),
    ("case C20260302bb3aa315 at 2026-03-02T02:00:00Z took 1796156531432 ms", None),  # ids and times stay
])
def test_personal_numbers_are_masked_in_text(raw, shown):
    assert redact(raw) == (raw if shown is None else shown)


def test_credentials_are_removed():
    party_token, _ = new_party_token()
    jwt = mint_token("mediator", mediator_id="m-wang")
    text = redact(f"Authorization: Bearer {party_token}; raw {party_token}; jwt={jwt}; bare {jwt}")
    assert party_token not in text and jwt not in text and text.count(REDACTED) == 4


def test_secret_keys_and_nested_values():
    shown = redact({"party_token": "short", "X-Signature": "sha256=ab", "case_id": "C1",
                    "parties": [{"phone": "13784660762", "n": 3}], "ok": None})
    assert shown == {"party_token": REDACTED, "X-Signature": REDACTED, "case_id": "C1",
                     "parties": [{"phone": "137****0762", "n": 3}], "ok": None}


def test_the_logger_redacts_messages_extras_and_tracebacks(caplog):
    handler = logger().logger_handler
    stream = io.StringIO()
    previous, handler.stream = handler.stream, stream
    caplog.set_level(logging.INFO, logger="sutiao")
    try:
        logger().info("sms to %s", "15855608283", extra={"who": {"id_number": "410711197612233848"}})
        try:
            raise ValueError("bad party 914107046UARJR4A0U 13784660762")
        except ValueError:
            logger().exception("crashed")
    finally:
        handler.stream = previous
    out = stream.getvalue()
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["message"] == "sms to 158****8283" and lines[0]["who"] == {"id_number": "4107**********3848"}
    assert "9141**********4A0U 137****0762" in lines[1]["exception"]
    assert "9141**********4A0U" in json.dumps(lines[1]["stack_trace"])
    seen = out + caplog.text + "".join(json.dumps(vars(r), default=str, ensure_ascii=False)
                                       for r in caplog.records if r.exc_info is None)
    for secret in ("15855608283", "410711197612233848", "914107046UARJR4A0U", "13784660762"):
        assert secret not in seen
