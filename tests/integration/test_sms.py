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


class FakeAliyun:
    """The SendSms API's side: what it was asked, and its answer (Code OK or a refusal)."""

    def __init__(self, code: str = "OK"):
        self.requests, self.code = [], code

    def __call__(self, request: dict) -> dict:
        self.requests.append(request)
        return {"Code": self.code, "Message": "OK" if self.code == "OK" else "refused", "BizId": "9001^0"}


def test_aliyun_sends_the_registered_template_with_its_values_under_the_signature_name(caplog):
    from chalicelib.adapters.sms import AliyunSms

    gateway = FakeAliyun()
    sender = AliyunSms("【新乡市中小企业协会调解委员会】", {"code": "SMS_300000001"}, send_sms=gateway)
    sender.send(PHONE, "验证码123456…", "code", {"code": "123456", "case_id": "C1"})
    assert gateway.requests == [{"PhoneNumbers": PHONE, "SignName": "新乡市中小企业协会调解委员会",
                                 "TemplateCode": "SMS_300000001",
                                 "TemplateParam": '{"code": "123456", "case_id": "C1"}'}]
    logged = " ".join(str(vars(r)) for r in caplog.records)
    assert PHONE not in logged and "123456" not in logged


def test_aliyun_raises_on_a_refusal_or_an_unregistered_template_so_the_notice_is_retried():
    from chalicelib.adapters.sms import AliyunSms, SmsRefused

    with pytest.raises(SmsRefused, match="isv.BUSINESS_LIMIT_CONTROL"):
        AliyunSms("【签名】", {"code": "SMS_1"}, send_sms=FakeAliyun("isv.BUSINESS_LIMIT_CONTROL")).send(
            PHONE, "x", "code", {})
    unused = FakeAliyun()
    with pytest.raises(SmsRefused, match="ruling"):
        AliyunSms("【签名】", {}, send_sms=unused).send(PHONE, "x", "ruling", {})
    assert unused.requests == []


def test_the_stage_picks_its_sender_from_the_settings(monkeypatch):
    from chalicelib.adapters.sms import AliyunSms
    from chalicelib.bootstrap import _sms
    from chalicelib.settings import reset_settings

    monkeypatch.setenv("SMS_SENDER", "aliyun")
    monkeypatch.setenv("SMS_TEMPLATES", '{"code": "SMS_1", "ruling": "SMS_2"}')
    reset_settings()
    sender = _sms(None, None)
    assert isinstance(sender, AliyunSms) and sender.templates == {"code": "SMS_1", "ruling": "SMS_2"}
    monkeypatch.setenv("SMS_SENDER", "sns")
    reset_settings()
    assert isinstance(_sms(None, None), SnsSms)


NOTICES = {  # each template with the longest values it takes (a 17-character case number, 4-character names)
    "case-received": dict(referral="entrusted", url="https://tiaojie.example.cn/my-case?case=C20261201ab12cd34"),
    "mediator-assigned": dict(deadline="12月31日", url="https://tiaojie.example.cn/mediator?case=C20261201ab12cd34"),
    "mediation-accepted": dict(mediator="欧阳建国", deadline="12月31日"),
    "consent-invitation": dict(closes="12月31日", url="https://tiaojie.example.cn/my-case?case=C20261201ab12cd34"),
    "confirmation-reminder": dict(days="10", closes="12月31日",
                                  url="https://tiaojie.example.cn/my-case?case=C20261201ab12cd34"),
    "ruling": dict(confirmed=True),
    "mediation-ended": dict(terminated=False, next="您可依法向法院起诉", phone="0373-3011234"),
    "deadline-reminder": dict(what="接受期限", deadline="12月31日",
                              url="https://tiaojie.example.cn/mediator?case=C20261201ab12cd34"),
    "mediator-changed": dict(mediator="欧阳建国"),
    "mediator-released": {},
}


@pytest.mark.parametrize("name", sorted(NOTICES))
def test_notices_without_a_link_fit_one_sms_and_those_with_one_two(name):
    text = render_sms(name, case_id="C20261201ab12cd34", **NOTICES[name])
    parts = 1 if len(get_settings().sms_signature + text) <= 70 else 2
    linked = "url" in NOTICES[name]
    assert parts == (2 if linked else 1), (len(get_settings().sms_signature + text), text)
    assert len(get_settings().sms_signature + text) <= 134  # two parts of 67 characters at most


def test_a_refusal_with_the_longest_reason_fits_two_sms():
    """The reason is the organization's own words, up to REFUSAL_MAX characters (issue 14)."""
    from chalicelib.domain.case import REFUSAL_MAX

    text = render_sms("application-refused", case_id="C20261201ab12cd34", reason="因" * REFUSAL_MAX,
                      phone="0373-3011234")
    assert "因" * REFUSAL_MAX in text and len(get_settings().sms_signature + text) <= 134
