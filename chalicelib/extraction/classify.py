"""Dispute category (纠纷类别) from claims and facts, with the evidence.

Each of the seven scopes of the cooperation agreement has weighted terms; a
specific term (`保险合同`, `交通事故`) outweighs a generic one (`合同`,
`赔偿`). The winning scope and the terms that voted for it are returned so a
mediator can see why.
"""
from __future__ import annotations

import re

CATEGORIES = ("labor", "financial", "contract", "community", "family", "tort", "other")

_TERMS: dict[str, dict[str, int]] = {
    "labor": {
        "劳动合同": 4, "劳动争议": 5, "劳动关系": 4, "劳动报酬": 4, "工资": 3, "加班费": 4, "经济补偿金": 4, "经济补偿": 3,
        "工伤": 4, "社会保险费": 3, "社保": 3, "用人单位": 4, "劳动者": 4, "入职": 3, "辞退": 3, "解除劳动": 4, "人事争议": 5,
        "劳务派遣": 4, "劳务费": 2, "拖欠工资": 5, "年休假": 3, "劳动仲裁": 4, "员工": 2, "离职": 3,
    },
    "financial": {
        "保险合同": 6, "保险": 2, "投保": 4, "理赔": 4, "保险金": 4, "保单": 4, "保费": 3, "证券": 5, "股票": 4, "期货": 5,
        "基金": 3, "理财": 4, "信用卡": 5, "金融借款": 6, "银行": 2, "贷款": 3, "融资租赁": 5, "保理": 5, "信托": 4,
        "小额贷款": 5, "典当": 4, "担保公司": 3, "金融": 3,
    },
    "contract": {
        "合同": 1, "买卖": 3, "货款": 4, "承揽": 4, "加工": 2, "定作": 3, "委托": 1, "租赁": 4, "租金": 4, "借款": 3,
        "民间借贷": 4, "借条": 3, "欠条": 3, "欠款": 2, "服务合同": 3, "装修": 3, "建设工程": 4, "工程款": 4, "运输": 2,
        "供货": 3, "采购": 3, "违约": 1, "定金": 2, "订金": 2, "价款": 3, "服务费": 2, "承包": 2, "中介": 3,
    },
    "community": {
        "相邻": 5, "邻居": 4, "物业": 4, "物业费": 4, "土地承包": 5, "承包经营": 3, "宅基地": 5, "拆迁": 5, "安置": 4,
        "征收": 4, "村民": 3, "集体经济组织": 5, "采光": 4, "排水": 3, "通行": 3, "社区": 3, "业主": 3, "滴水": 3,
        "村委会": 1, "村民委员会": 3, "流转": 2, "噪音": 3,
    },
    "family": {
        "离婚": 6, "婚姻": 5, "抚养": 5, "赡养": 6, "扶养": 5, "继承": 5, "遗产": 5, "遗嘱": 5, "彩礼": 5, "夫妻": 4,
        "子女": 3, "探望": 4, "抚养费": 5, "同居": 3, "分家析产": 5, "婚后": 3,
    },
    "tort": {
        "交通事故": 6, "道路交通": 5, "机动车": 4, "人身损害": 6, "医疗费": 3, "误工费": 3, "伤残": 4, "侵权": 5, "殴打": 4,
        "受伤": 3, "医疗损害": 6, "医疗纠纷": 5, "产品责任": 5, "财产损害": 4, "护理费": 3, "赔偿": 1, "追尾": 4,
        "撞": 2, "咬伤": 4, "名誉": 4, "坠落": 3, "摔伤": 4, "死亡赔偿金": 5,
    },
    "other": {  # scopes outside the six: unjust enrichment, negotiorum gestio, lost property
        "不当得利": 6, "无因管理": 6, "误转": 4, "误汇": 4, "拾得": 4, "遗失物": 4, "悬赏": 3,
    },
}
# Insurance words inside labour terms (`社会保险`, `养老保险`) are not finance.
_NOT_FINANCIAL = re.compile(r"(?:社会|养老|医疗|失业|工伤|生育)保险")
_PATTERNS = {cat: re.compile("|".join(sorted(map(re.escape, terms), key=len, reverse=True)))
             for cat, terms in _TERMS.items()}


def classify_dispute(claims: str, facts: str = "") -> dict:
    """`{"category": ..., "evidence": [terms]}`; `other` with no evidence when nothing matches.

    What is claimed (or agreed) names the dispute more directly than the story
    around it, so terms in `claims` count twice.
    """
    scores: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    for text, weight in ((claims, 2), (facts, 1)):
        text = re.sub(r"\s+", "", text or "")
        for category, pattern in _PATTERNS.items():
            source = _NOT_FINANCIAL.sub("", text) if category == "financial" else text
            # each term counts once per text: boilerplate repeated ten times is still one piece of evidence
            for term in dict.fromkeys(m.group(0) for m in pattern.finditer(source)):
                scores[category] = scores.get(category, 0) + weight * _TERMS[category][term]
                if term not in evidence.setdefault(category, []):
                    evidence[category].append(term)
    if not scores:
        return {"category": "other", "evidence": []}
    best = max(scores, key=lambda c: (scores[c], -CATEGORIES.index(c)))
    return {"category": best, "evidence": evidence[best]}
