"""The parties choose the court together (共同选择管辖法院, CONTRACT R2 `POST /cases/{id}/confirmations`).

《民事诉讼法》第二百零五条: the parties apply *jointly*, within 30 days, to a
competent court (the inviting court; or the basic court of a party's domicile,
the property's location or the organization's seat; or the corresponding
intermediate court). 《民诉法解释》第三百五十二条: where several courts are
competent the parties apply together to one of them. 第三百五十一条、第三百五十三条:
each party applies in person (or by an agent), so each consent is recorded with
who gave it, when, and through which verified channel.

- The mediator's invitation may propose a court: a proposal, since the choice
  is the parties'. The first consent takes it, or names another competent court.
- A consent naming no court joins the court chosen so far, or the only competent
  one; several competent and none chosen: `court_choice_required` (422) lists
  them with the reasons each is competent.
- Once another party has joined a court, a consent naming a different one is
  refused (`court_choice_conflict`, 409): the parties must agree first. A party
  who is so far the only one to have joined may still change their choice.
"""
from __future__ import annotations

from typing import Iterable

from chalicelib.domain.courts import GROUND_LABELS, CourtRef
from chalicelib.domain.exceptions import ChoiceConflict, RuleViolation

BASIS = "《中华人民共和国民事诉讼法》第二百零五条、《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十二条"
# How the platform knew it was this party (the token's origin, Case.party_tokens).
CHANNELS = {
    "sms_code": "本人手机短信验证码",
    "invitation": "调解员发送的当事人邀请链接",
    "application": "申请时取得的案件凭证",
}
UNKNOWN_CHANNEL = "本案当事人凭证"


def channel_label(channel: dict | None) -> str:
    """本人手机短信验证码（137****0762）: how the party was verified, for the record and the 申请书."""
    channel = channel or {}
    label = CHANNELS.get(channel.get("kind"), UNKNOWN_CHANNEL)
    return f"{label}（{channel['phone']}）" if channel.get("phone") else label


def propose(choice: dict | None, options: list[CourtRef], court_id: str, by: str, at: str) -> dict:
    """The mediator's invitation proposes a court; it stands until a party's consent decides.

    Once a party has chosen, the mediator proposes nothing more: the choice is the parties'.
    """
    joined = (choice or {}).get("consents") or []
    if joined and court_id != choice["court_id"]:
        raise ChoiceConflict(f"{_names(joined)}已同意向{choice['name']}申请司法确认，调解员不能再改选法院。",
                             code="court_choice_conflict",
                             details={"court_choice": {"court_id": choice["court_id"], "name": choice["name"]},
                                      "consented": [c["party"] for c in joined], "requested": court_id,
                                      "basis": BASIS})
    if joined:
        return choice
    court = _pick(options, court_id)
    return _choice(court, {"kind": "mediator", "name": by, "at": at}, [])


def join(choice: dict | None, options: list[CourtRef], wanted: str | None, party: str, at: str,
         channel: dict | None) -> dict:
    """The court choice after `party` consents (naming `wanted`, or not); raises when it cannot stand."""
    others = [c for c in (choice or {}).get("consents") or () if c["party"] != party]
    record = {"party": party, "at": at, "channel": channel or {}, "channel_label": channel_label(channel)}
    if others:
        if wanted and wanted != choice["court_id"]:
            raise ChoiceConflict(
                f"{_names(others)}已同意向{choice['name']}申请司法确认；要改向其他法院申请，需各方当事人一致同意。",
                code="court_choice_conflict",
                details={"court_choice": {"court_id": choice["court_id"], "name": choice["name"]},
                         "consented": [c["party"] for c in others], "requested": wanted, "basis": BASIS})
        return {**choice, "consents": [*others, record]}
    if wanted:
        court = _pick(options, wanted)
        return _choice(court, {"kind": "party", "name": party, "at": at}, [record])
    if choice:  # the mediator's proposal, or this party's own earlier choice
        return {**choice, "consents": [record]}
    if len(options) == 1:
        return _choice(options[0], {"kind": "only_competent", "name": None, "at": at}, [record])
    raise RuleViolation("有管辖权的法院不止一个，请选择向哪一个法院申请司法确认（court_id）。"
                        if options else "没有找到有管辖权的法院，请与调解员联系。",
                        code="court_choice_required", details={"options": describe(options), "basis": BASIS})


def describe(options: Iterable[CourtRef]) -> list[dict]:
    """Each competent court with why: grounds in Chinese beside their keys."""
    return [{**o.to_dict(), "ground_labels": [GROUND_LABELS[g] for g in o.grounds]} for o in options]


def _pick(options: list[CourtRef], court_id: str) -> CourtRef:
    court = next((o for o in options if o.court_id == court_id), None)
    if court is None:
        raise RuleViolation(f"{court_id}对本案没有管辖权，请从列出的法院中选择。", code="court_not_competent",
                            details={"options": describe(options), "basis": BASIS})
    return court


def _choice(court: CourtRef, proposed_by: dict, consents: list[dict]) -> dict:
    return {"court_id": court.court_id, "name": court.name, "grounds": list(court.grounds),
            "reasons": list(court.reasons), "proposed_by": proposed_by, "consents": consents}


def _names(consents: list[dict]) -> str:
    return "、".join(c["party"] for c in consents)
