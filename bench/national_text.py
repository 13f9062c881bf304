"""Names and Chinese prose for the national data set: agencies, units, goals, KPIs, narrative.

Everything comes from a `random.Random` the caller seeds, so a seed gives the same text.
"""

from __future__ import annotations

import random

AGENCIES = (
    "內政部", "外交部", "國防部", "財政部", "教育部", "法務部", "經濟部", "交通部",
    "勞動部", "衛生福利部", "環境部", "文化部", "數位發展部", "農業部", "運動部",
    "國家發展委員會", "國家科學及技術委員會", "大陸委員會", "金融監督管理委員會",
    "海洋委員會", "僑務委員會", "國軍退除役官兵輔導委員會", "原住民族委員會",
    "客家委員會", "行政院公共工程委員會", "行政院主計總處", "行政院人事行政總處",
    "中央銀行", "國立故宮博物院", "中央選舉委員會", "公平交易委員會",
    "國家通訊傳播委員會", "核能安全委員會", "國家運輸安全調查委員會", "原子能委員會",
    "飛航安全調查委員會", "行政院消費者保護處", "中央研究院", "國史館", "審計部",
)  # fmt: skip

BUSINESS_UNITS = ("綜合業務司", "政策規劃司", "國際合作司", "資訊服務處", "產業發展司")
OFFICE_UNITS = (("綜合規劃司", "planning"), ("會計處", "accounting"), ("人事處", "personnel"))

TOPICS = (
    "數位服務", "公共安全", "國際合作", "產業創新", "人才培育", "資料開放", "防災韌性",
    "淨零轉型", "社會照顧", "區域均衡", "青年參與", "文化保存", "智慧交通", "食品安全",
    "長期照顧", "雙語教育", "資安防護", "綠色能源", "偏鄉醫療", "海洋保育",
)  # fmt: skip
GOAL_FORMS = (
    "推動{t}，提升政府服務效能。",
    "強化{t}量能，保障國民權益。",
    "深化{t}與跨域協作，回應社會需求。",
    "精進{t}機制，促進永續發展。",
    "擴大{t}成果，厚植國家競爭力。",
)
KPI_FORMS = (
    ("{t}服務滿意度", "ratio", "％"),
    ("{t}計畫執行件數", "count", "件"),
    ("{t}受益人次", "count", "人次"),
    ("{t}線上申辦比率", "ratio", "％"),
    ("完成{t}示範場域數", "count", "處"),
    ("{t}培訓結訓人數", "count", "人"),
    ("{t}資料集開放數", "count", "項"),
    ("{t}推動目標達成率", "ratio", "％"),
)
COMMON_KPIS = (
    ("機關年度資本門預算執行率", "ratio", "％"),
    ("機關於中程歲出概算額度內編報情形", "ratio", "％"),
)

SUBJECTS = (
    "本部", "本會", "各業務單位", "所屬機關", "地方政府", "跨部會工作小組", "專案辦公室",
)  # fmt: skip
VERBS = (
    "持續推動", "積極辦理", "全面檢討", "逐步擴大", "結合民間資源推動", "滾動修正",
    "協調相關機關完成", "依核定計畫執行",
)  # fmt: skip
OBJECTS = (
    "服務流程簡化", "資料整合與開放", "人才培育計畫", "法規鬆綁作業", "偏鄉服務據點",
    "國際交流合作", "風險管理機制", "績效評核制度", "數位轉型方案", "民眾意見回饋機制",
)  # fmt: skip
RESULTS = (
    "已有具體成效", "達成率較上年度提升", "獲得民眾高度肯定", "節省行政成本約新臺幣{n}萬元",
    "服務人次達{n}人次", "完成{n}項示範案例", "辦理說明會{n}場次", "提前完成年度目標",
)  # fmt: skip
CLOSERS = (
    "未來將持續檢討精進，以提升施政效能",
    "後續將賡續推動並定期追蹤執行進度",
    "並將相關經驗推廣至其他機關參考",
    "以回應社會各界之期待",
)


def sentence(rng: random.Random) -> str:
    """One sentence of report prose, e.g. 本部持續推動資料整合與開放，已有具體成效。"""
    result = rng.choice(RESULTS).format(n=f"{rng.randint(3, 9800):,}")
    parts = [f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}", result]
    if rng.random() < 0.4:
        parts.append(rng.choice(CLOSERS))
    return "，".join(parts) + "。"


def paragraph(rng: random.Random, short: int = 1, long: int = 8) -> str:
    """A paragraph of `short` to `long` sentences (about 30 to 300 characters)."""
    return "".join(sentence(rng) for _ in range(rng.randint(short, long)))


def agency_name(index: int) -> str:
    """The `index`-th agency: a real ministry's name, then numbered ones past the list."""
    if index < len(AGENCIES):
        return AGENCIES[index]
    return f"第{index + 1}號機關"


def kpi_identity(rng: random.Random, slot: int, era: int) -> tuple[str, str, str]:
    """(name, kind, unit) of an agency's KPI in `slot`; a later `era` is a replacement KPI."""
    if slot < len(COMMON_KPIS) and era == 0:
        return COMMON_KPIS[slot]
    form, kind, unit = KPI_FORMS[(slot + era * 3) % len(KPI_FORMS)]
    topic = TOPICS[(slot * 7 + era * 5 + rng.randint(0, 2)) % len(TOPICS)]
    name = form.format(t=topic)
    return (f"{name}（{slot + 1}）" if era == 0 else f"{name}（{slot + 1}-{era}）"), kind, unit


def goal_name(rng: random.Random, index: int) -> str:
    return GOAL_FORMS[index % len(GOAL_FORMS)].format(t=rng.choice(TOPICS))


def chinese_numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 (goal and recommendation labels)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def full_width(n: int) -> str:
    """12 → １２ (the KPIs' item numbers as printed)."""
    return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
