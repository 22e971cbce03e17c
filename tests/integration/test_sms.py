"""The SMS port's two adapters: Amazon SNS (moto) and the local outbox; the message templates."""
import re

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.adapters.party_access import PartyAccessStore
from chalicelib.adapters.sms import OutboxSms, SnsSms
from chalicelib.domain.party_codes import IssuedCode, SendWindow
from chalicelib.rendering.sms import render_sms
from chalicelib.services.ports import StaleRecord
from chalicelib.settings import get_settings

PHONE = "15837318283"


def test_sns_publishes_to_the_e164_number_with_the_signature_first(aws):
    SnsSms(get_settings().sms_signature).send(PHONE, "验证码123456", "code")
    (to, text), = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages.values()
    assert to == "+8615837318283" and text == "【新乡市中小企业协会调解委员会】验证码123456"


def test_the_outbox_keeps_messages_newest_first_and_logs_them_masked(aws, clock, caplog):
    outbox = OutboxSms(PartyAccessStore(), clock)
    outbox.send(PHONE, "验证码111111", "code")
    clock.advance(seconds=1)
    outbox.send(PHONE, "验证码222222", "code")
    assert [m["text"] for m in outbox.messages(PHONE)] == ["验证码222222", "验证码111111"]
    assert outbox.messages("15837318284") == []
    lines = [r for r in caplog.records if r.getMessage().startswith("sms")]
    assert [(r.to, r.sms) for r in lines] == [("158****8283", "code")] * 2
    logged = " ".join(str(vars(r)) for r in caplog.records)
    assert PHONE not in logged and "111111" not in logged and "222222" not in logged


def test_the_code_message_fits_one_sms_with_the_signature():
    text = render_sms("code", code="123456", case_id="C20261201ab12cd34")
    assert len(get_settings().sms_signature + text) <= 70
    assert re.search(r"验证码123456", text) and "C20261201ab12cd34" in text and "10分钟" in text


def test_the_receipt_names_the_case_and_the_way_back_in():
    text = render_sms("application-received", case_id="C20261201ab12cd34", url="https://x.cn/my-case?case=C1")
    assert "C20261201ab12cd34" in text and "https://x.cn/my-case?case=C1" in text and "手机号" in text
    assert "&amp;" not in render_sms("application-received", case_id="C1", url="https://x.cn/a?b=1&c=2")


def test_a_code_and_a_send_window_cannot_be_written_over_a_newer_version(aws, clock):
    """Two logins racing with the right code: only the first write of the read version lands."""
    store = PartyAccessStore()
    store.put_code("C1#p", IssuedCode.issue("digest", clock()))
    issued, version = store.code("C1#p")
    store.update_code("C1#p", issued.after_use(), version)
    with pytest.raises(StaleRecord):
        store.update_code("C1#p", issued.after_wrong_try(), version)
    assert store.code("C1#p")[0].used

    store.save_windows({"PHONE#p": (SendWindow(5).with_send(clock()), None)}, clock())
    with pytest.raises(StaleRecord):  # a second writer that also read "no window yet"
        store.save_windows({"PHONE#p": (SendWindow(5).with_send(clock()), None)}, clock())
    (window, _), = store.windows({"PHONE#p": 5}).values()
    assert len(window.sent) == 1
