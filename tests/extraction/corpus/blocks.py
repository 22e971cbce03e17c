"""Layout-neutral blocks of a document, in reading order.

Producers turn these into PDF drawing.  A block is one of:
  Block("title" | "number" | "para" | "line" | "right", text)
  Block("parties", "")  where a table producer draws its party table
  Block("slot", label, signer=<party name or None>, mark=<kind or None>, slot=<whose>)
Parties are written either run-in (the official style) or label-per-line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .content import Agreement, Application, roles
from .fake import DISTRICTS, ROADS, Party, write_date

COMPAT_CHARS = {"人": "⼈", "日": "⽇", "月": "⽉", "大": "⼤", "工": "⼯", "力": "⼒", "金": "⾦",
                "山": "⼭", "水": "⽔", "口": "⼝", "土": "⼟"}  # Kangxi radicals: NFKC maps each back
FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Block:
    kind: str
    text: str
    signer: str | None = None  # slot: the party whose signature belongs here
    mark: str | None = None  # slot: "strokes" | "image" | "photo" | "fingerprint" | "stamp" | "seal" | None
    slot: str | None = None  # "party" | "mediator" | "organization"
    rows: list[list[str]] | None = None  # table: its rows, header first


def compat_text(text: str, digits: bool, radicals: bool) -> str:
    """What a glitchy producer emits: full-width digits, Kangxi radical code points."""
    if digits:
        text = text.translate(FULLWIDTH_DIGITS)
    if radicals:
        text = "".join(COMPAT_CHARS.get(c, c) for c in text)
    return text


def _colon(rng: random.Random) -> str:
    return rng.choice("：：:")


def spaced(label: str, rng: random.Random) -> str:
    """`申 请 人`, `住    址`: labels padded the way typed forms pad them."""
    if len(label) == 2:
        return label[0] + rng.choice([" " * 4, " " * 2, "　", " "]) + label[1]
    if len(label) == 3 and rng.random() < 0.6:
        return " ".join(label)
    return label


def _representative_title(party: Party) -> str:
    return "负责人" if party.branch or party.name.endswith("业主委员会") else "法定代表人"


@dataclass
class Wording:
    """The words one document happens to use where producers differ."""
    phone: str
    claims: str
    facts: str
    party_sign: str
    mediator_sign: str
    organization_sign: str
    mediator: str
    born: str
    agent: str
    agreed: str
    ethnicity_first: bool  # `张三，男，汉族，1980年5月6日出生` rather than birth first
    colon: str  # after run-in labels: `统一社会信用代码914…` or `统一社会信用代码：914…`
    service_address: bool  # a 送达地址 besides the domicile: not the party's address
    mediator_in_slot: bool  # the mediator's name typed in the signature slot, no 调解员： line
    value_below: bool  # label-per-line forms: long values on the line under their label

    @classmethod
    def pick(cls, rng: random.Random) -> "Wording":
        return cls(
            phone=rng.choice(["联系电话", "联系电话", "电话", "联系方式", "手机"]),
            claims=rng.choice(["请求事项：", "请求事项：", "申请事项：", "调解请求：", "申请调解事项："]),
            facts=rng.choice(["事实与理由：", "事实和理由：", "事实及理由："]),
            party_sign=rng.choice(["（签名或盖章）：", "（签名或盖章）：", "（签字或盖章）：", "（签章）：", "签字："]),
            mediator_sign=rng.choice(["调解员（签名）：", "调解员（签名）：", "调解员签字：", "人民调解员（签名）："]),
            organization_sign=rng.choice(["调解组织（盖章）：", "调解组织（盖章）：", "调解机构（印章）："]),
            mediator=rng.choice(["调解员：", "调解员：", "人民调解员："]),
            born=rng.choice(["出生", "出生", "生"]),
            agent=rng.choice(["委托代理人", "委托代理人", "委托诉讼代理人"]),
            agreed=rng.choice(["经调解，双方自愿达成如下协议：", "经调解，双方自愿达成如下协议：",
                               "经调解员主持调解，双方当事人自愿达成如下协议：", "协议内容如下："]),
            ethnicity_first=rng.random() < 0.3,
            colon=rng.choice(["", "", "："]),
            service_address=rng.random() < 0.25,
            mediator_in_slot=rng.random() < 0.25,
            value_below=rng.random() < 0.25,
        )


def service_address(rng: random.Random) -> str:
    district = rng.choice(list(DISTRICTS))
    return f"河南省新乡市{district}{rng.choice(ROADS)}{rng.randint(1, 399)}号{rng.choice(['', '收发室', '门卫室'])}"


def runin_party(label: str, party: Party, s_date: str, rng: random.Random, words: Wording) -> list[str]:
    """The official run-in paragraph(s) for one party."""
    if party.kind == "person":
        id_label = rng.choice(["公民身份号码", "身份证号码", "身份证号："])
        birth = write_date(party.birth_date, s_date)
        parts = [party.name, party.gender, f"{birth}{words.born}", party.ethnicity,
                 f"住{party.address}", party.shown_id and f"{id_label}{words.colon}{party.shown_id}".replace("：：", "："),
                 f"{words.phone}{words.colon}{party.shown_phone}"]
        if rng.random() < 0.3:  # some put the identity number before the address
            parts[4], parts[5] = parts[5], parts[4]
        if words.ethnicity_first:
            parts[2], parts[3] = parts[3], parts[2]
        if words.service_address:
            parts.append(f"送达地址：{service_address(rng)}")
        return [f"{label}：{'，'.join(p for p in parts if p)}。"] + _agent(party, words)
    where = rng.choice(["住所地", "住所："])
    head = f"{label}：{party.name}，{where}{party.address}，统一社会信用代码{words.colon}{party.credit_code}。"
    rep = (f"{_representative_title(party)}：{party.legal_representative}，{_role(party)}，"
           f"{words.phone}{words.colon}{party.shown_phone}。")
    return [head, rep] + _agent(party, words)


def _role(party: Party) -> str:
    if party.name.endswith("合作社"):
        return f"该社{party.position}"
    if party.name.endswith("委员会"):
        return f"该委员会{party.position}"
    if party.branch:
        return f"该分公司{party.position}"
    return f"该公司{party.position}"


def _agent(party: Party, words: Wording) -> list[str]:
    if not party.agent:
        return []
    a = party.agent
    return [f"{words.agent}：{a.name}，{a.description}，{words.phone}{a.phone}。"]


def labelled_party(label: str, party: Party, s_date: str, rng: random.Random, words: Wording) -> list[str]:
    """One `label：value` per line, labels spaced, colons of either width; in
    narrow forms a long value may sit on the line under its label."""
    lines = [f"{spaced(label, rng)}{_colon(rng)}{party.name}"]

    def add(key: str, value: str) -> None:
        if words.value_below and len(value) >= 15:
            lines.extend([f"{key}{_colon(rng)}", value])
        else:
            lines.append(f"{key}{_colon(rng)}{value}")

    if party.kind == "person":
        pairs = [(k, v) for k, v in (("性别", party.gender), ("民族", party.ethnicity)) if v]
        if len(pairs) == 2 and rng.random() < 0.4:
            lines.append("    ".join(f"{spaced(k, rng)}{_colon(rng)}{v}" for k, v in pairs))
        else:
            lines += [f"{spaced(k, rng)}{_colon(rng)}{v}" for k, v in pairs]
        add("出生日期", write_date(party.birth_date, s_date))
        if party.id_number:
            add(rng.choice(["身份证号码", "公民身份号码", "身份证号"]), party.shown_id)
        add(spaced("住址", rng), party.address)
        if words.service_address:
            add("送达地址", service_address(rng))
    else:
        add("统一社会信用代码", party.credit_code)
        add(spaced("住所地", rng), party.address)
        add(_representative_title(party), party.legal_representative)
        add(spaced("职务", rng), party.position)
    add(words.phone, party.shown_phone)
    if party.agent:
        lines.append(f"{words.agent}{_colon(rng)}{party.agent.name}    {words.phone}{_colon(rng)}{party.agent.phone}")
    return lines


def enumerate_items(items: list[str], rng: random.Random) -> list[str]:
    style = rng.choice(["{}. ", "{}.", "{}、", "（{}）", "cn"])
    numerals = "一二三四五六七八九十"
    out = []
    for i, item in enumerate(items, 1):
        prefix = f"{numerals[i - 1]}、" if style == "cn" else style.format(i)
        end = "。" if i == len(items) else rng.choice("；；;")
        out.append(f"{prefix}{item}{end}")
    return out


def party_lines(doc, style: str, rng: random.Random, words: Wording) -> list[Block]:
    """Parties as text blocks; the "table" style leaves a placeholder for the producer's table."""
    if style == "table":
        return [Block("parties", "")]
    render = runin_party if style == "runin" else labelled_party
    kind = "para" if style == "runin" else "line"
    out = []
    for label, party in roles(doc):
        out += [Block(kind, t) for t in render(label, party, doc.styles.date, rng, words)]
    return out


def application_blocks(doc: Application, style: str, rng: random.Random) -> list[Block]:
    words = Wording.pick(rng)
    salutation = rng.random() < 0.2  # the court named at the top instead of after 此致
    blocks = [Block("title", doc.title)]
    if salutation:
        blocks.append(Block("line", f"{doc.court}："))
    blocks += party_lines(doc, style, rng, words)
    claims = [c.text for c in doc.dispute.claims]
    if len(claims) == 1 and rng.random() < 0.4:  # a lone claim runs on after its heading, unnumbered
        blocks.append(Block("para", f"{words.claims}{claims[0]}。"))
    else:
        blocks.append(Block("line", words.claims))
        blocks += [Block("para", t) for t in enumerate_items(claims, rng)]
    blocks += _headed(words.facts, doc.dispute.facts, rng)
    if not salutation:
        blocks += [Block("line", "此致"), Block("line", doc.court)]
    blocks += [Block("right", f"申请人{words.party_sign}"), Block("right", write_date(doc.date, doc.styles.date))]
    return blocks


def _headed(heading: str, paragraphs: list[str], rng: random.Random) -> list[Block]:
    """A heading and its paragraphs; sometimes the first paragraph runs on after the heading."""
    if rng.random() < 0.3:
        return [Block("para", heading + paragraphs[0])] + [Block("para", "　　" + p) for p in paragraphs[1:]]
    return [Block("line", heading)] + [Block("para", "　　" + p) for p in paragraphs]


def slot_label(role: str, words: Wording) -> str:
    """`甲方（申请人）` signs as `甲方（签名或盖章）：`, `乙方二` as `乙方二（签名或盖章）：`."""
    return f"{role.partition('（')[0]}{words.party_sign}"


def agreement_blocks(doc: Agreement, style: str, rng: random.Random) -> list[Block]:
    words = Wording.pick(rng)
    number = f"编号：{doc.number}" if rng.random() < 0.25 else doc.number
    blocks = [Block("title", doc.title), Block("number", number)] + party_lines(doc, style, rng, words)
    blocks += _headed(rng.choice(["纠纷简要情况：", "纠纷事实："]), doc.dispute.facts, rng)
    blocks.append(Block("line", words.agreed))
    terms = [Block("para", t) for t in enumerate_items(doc.terms, rng)]
    if doc.table:  # the instalment table stands inside the term that announces it
        terms[doc.table_after].text = terms[doc.table_after].text[:-1] + "："
        terms.insert(doc.table_after + 1, Block("table", "", rows=doc.table))
    blocks += terms
    blocks.append(Block("line", f"调解组织：{doc.organization}"))
    if not words.mediator_in_slot:
        blocks.append(Block("line", f"{words.mediator}{doc.mediator}"))
    blocks += signature_slots(doc, words)
    date = write_date(doc.signed_date, doc.styles.date)
    blocks.append(Block("line", rng.choice([date, f"签订日期：{date}", f"日期：{date}"])))
    return blocks


def signature_slots(doc: Agreement, words: Wording) -> list[Block]:
    out = []
    for role, party in roles(doc):
        out.append(Block("slot", slot_label(role, words), signer=party.name,
                         mark=doc.marks.get(party.name), slot="party"))
    typed = doc.mediator if words.mediator_in_slot else ""  # a typed name is not a signature
    out.append(Block("slot", f"{words.mediator_sign}{typed}", mark="strokes" if doc.mediator_signed else None,
                     slot="mediator"))
    out.append(Block("slot", words.organization_sign, mark="seal" if doc.seal else None, slot="organization"))
    return out
