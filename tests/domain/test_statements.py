"""Narrative statements (light tallies, totals and their parts) found for the audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govperf.domain.lights import Light
from govperf.domain.statements import (
    LightStatement,
    Part,
    TotalStatement,
    light_statements,
    total_statements,
)

# Lines 213, 268, 330, 385 and 1663 of examples/mofa-107-performance-report.txt.
DELEGATIONS = (
    "Ｄ、拉丁美洲及加勒比海地區：共邀訪友邦政要36團，"
    "其中正副元首（含總理）6團、正副議長7團、部長級以上16團，"
    "包括海地及巴拉圭總統、聖露西亞總理、聖文森及聖克里斯多福及尼維斯副總理，"
    "以及聖克里斯多福及尼維斯總督等訪臺計36人次。"
)
PROJECTS = (
    "（１）本部107年度共辦理613項合作計畫，"
    "其中包括亞太地區12項、亞西及非洲地區65項、歐洲地區7項及拉美地區458項，"
    "其中包含於邦交國委託財團法人國際合作發展基金會辦理71項合作計畫，"
    "超出原訂目標值，績效良好。"
)
AGREEMENTS = (
    "（１）107年度我與無邦交國家洽簽雙邊協議共計63件，"
    "內容包含司法互助、避免雙重課稅、關務合作、經濟合作協定、投資合作及航空協議等領域，"
    "其中亞太地區7件、亞西及非洲地區5件、歐洲地區32件、北美地區15件及拉美地區4項。"
)
VISITS = (
    "107年度我與無邦交國家政要互訪數共計727人次，"
    "其中亞太地區165人次、亞西及非洲地區64人次、歐洲地區387人次、北美地區92人次、拉美地區19人次，"
    "分述如下："
)
LIGHTS = (
    "（二）鑒於106年度施政績效評估作業依據行政院院會通過之「行政機關管考作業簡化」原則及國家發展委員會函頒之作業規定，"
    "行政院不再就各機關列管之指標進行複評，"
    "改授權由各機關自行評定各項「關鍵績效指標」之績效與燈號後自行上網公告。"
    "考量上揭績效評估作業變革及外界關注日漸提升，政府資訊公開亦為社會主流趨勢，"
    "爰為進一步爭取民眾對外交政策支持及提升本部施政績效之公信力，"
    "本部秉持嚴謹審查態度及公正客觀原則，從嚴審核各項指標之績效。"
    "總結本部107年度16項指標評估結果，計13項綠燈及3項黃燈，"
    "綠燈比率與上年相同。本次落後主因係駐洛杉磯辦事處館舍購置案入如期完成採購，"
    "導致「機關年度資本門預算執行率」及「提高駐外館宿舍自有率及節省鉅額租金支出」等指標有落後情況。"
)
SAMPLE_LINES = {213: DELEGATIONS, 268: PROJECTS, 330: AGREEMENTS, 385: VISITS, 1663: LIGHTS}

REGIONS = [
    "亞太地區",
    "亞西及非洲地區",
    "歐洲地區",
    "北美地區",
    "拉美地區",
    "拉丁美洲及加勒比海地區",
    "東南亞",
    "中東",
]
FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def summary(statement: TotalStatement) -> tuple[Decimal, str, list[tuple[str, Decimal, str]]]:
    return statement.total, statement.unit, [(p.label, p.value, p.unit) for p in statement.parts]


def printed(value: int, style: str) -> str:
    """`value` as a report may print it: plain, with thousands separators, or full-width."""
    if style == "plain":
        return str(value)
    separated = f"{value:,}"
    return separated.translate(FULL_WIDTH) if style == "full-width" else separated


def test_the_sample_sentences_are_copied_exactly(sample_text: str) -> None:
    lines = sample_text.splitlines()
    for number, line in SAMPLE_LINES.items():
        assert lines[number - 1] == line


def test_a_tally_of_lights_after_the_number_of_indicators() -> None:
    [statement] = light_statements(LIGHTS)
    assert statement == LightStatement(
        quote="總結本部107年度16項指標評估結果，計13項綠燈及3項黃燈，綠燈比率與上年相同。",
        total=16,
        counts={Light.GREEN: 13, Light.YELLOW: 3},
    )


@pytest.mark.parametrize(
    ("text", "total", "counts"),
    [
        ("計13項綠燈、2項黃燈及1項紅燈。", None, {Light.GREEN: 13, Light.YELLOW: 2, Light.RED: 1}),
        ("本部16項指標中綠燈13項，黃燈3項。", 16, {Light.GREEN: 13, Light.YELLOW: 3}),
        ("總結１６項關鍵績效指標，計１３項綠燈及３項白燈。", 16, {Light.GREEN: 13, Light.WHITE: 3}),
        ("綠燈13項、2項紅燈", None, {Light.GREEN: 13, Light.RED: 2}),
    ],
)
def test_tallies_in_either_order_and_full_width(
    text: str, total: int | None, counts: dict[Light, int]
) -> None:
    [statement] = light_statements(text)
    assert (statement.quote, statement.total, statement.counts) == (text, total, counts)


@pytest.mark.parametrize(
    "text",
    [
        "本項指標經本部評估後，勉予同意核給綠燈。",
        "第3項綠燈係因預算執行落後。",  # an ordinal, not a count
        "計13項綠燈及2項綠燈。",  # a colour twice: ambiguous
    ],
)
def test_no_tally(text: str) -> None:
    assert light_statements(text) == []


def test_a_total_of_projects_with_parts_that_do_not_add_up() -> None:
    [statement] = total_statements(PROJECTS)
    assert statement.quote == PROJECTS
    assert summary(statement) == (
        Decimal(613),
        "項",
        [
            ("亞太地區", Decimal(12), "項"),
            ("亞西及非洲地區", Decimal(65), "項"),
            ("歐洲地區", Decimal(7), "項"),
            ("拉美地區", Decimal(458), "項"),
        ],
    )
    assert statement.parts_sum == Decimal(542)


def test_agreements_in_件_and_項_add_up() -> None:
    [statement] = total_statements(AGREEMENTS)
    assert statement.quote == AGREEMENTS
    assert (statement.total, statement.unit) == (Decimal(63), "件")
    assert statement.parts[-1] == Part("拉美地區", Decimal(4), "項")
    assert [part.unit for part in statement.parts] == ["件", "件", "件", "件", "項"]
    assert statement.parts_sum == Decimal(63)


def test_visits_in_人次_add_up() -> None:
    [statement] = total_statements(VISITS)
    assert summary(statement) == (
        Decimal(727),
        "人次",
        [
            ("亞太地區", Decimal(165), "人次"),
            ("亞西及非洲地區", Decimal(64), "人次"),
            ("歐洲地區", Decimal(387), "人次"),
            ("北美地區", Decimal(92), "人次"),
            ("拉美地區", Decimal(19), "人次"),
        ],
    )
    assert statement.parts_sum == Decimal(727)


def test_full_width_digits_and_thousands_separators() -> None:
    text = "本年共計１，２３４人次，其中亞太地區１，０００人次及歐洲地區２３４人次。"
    [statement] = total_statements(text)
    assert statement.quote == text
    assert summary(statement) == (
        Decimal(1234),
        "人次",
        [("亞太地區", Decimal(1000), "人次"), ("歐洲地區", Decimal(234), "人次")],
    )


@pytest.mark.parametrize(
    "text",
    [
        DELEGATIONS,  # 共 not followed by the number, and overlapping categories
        "共36團，其中正副元首（含總理）6團、正副議長7團。",  # brackets in a label
        "共36團，其中正副議長7團、部長級以上16團。",  # a threshold category
        "共計20件，其中亞太地區約7件、歐洲地區12件。",  # an approximation
        "共計20件，其中亞太地區各7件、歐洲地區12件。",  # each, not a part
        "共計20件，其中亞太地區7件。",  # a single part
        "共計20件，其中亞太地區7件、歐洲地區12件等合作。",  # the enumeration goes on
        "共計20件，較上年增加3件，其中亞太地區7件、歐洲地區12件。",  # a number in between
        "共計20件；其中亞太地區7件、歐洲地區12件。",  # another sentence
        "共計20場，其中亞太地區120人次、歐洲地區12人次。",  # other units
        "共計20件，其中亞太地區7件、亞太地區12件。",  # a label twice
        "另107年我舉辦34場APEC相關活動，其中7場係與汶萊、泰國等經濟體在國外合辦。",
        "專文122篇、投書123篇，合計245篇；",  # parts before the total: not handled
        "",
    ],
)
def test_no_total_statement(text: str) -> None:
    assert total_statements(text) == []


def test_the_whole_sample(sample_text: str) -> None:
    lines = sample_text.splitlines()
    lights = [
        (number, statement.quote, statement.total, statement.counts)
        for number, line in enumerate(lines, start=1)
        for statement in light_statements(line)
    ]
    totals = [
        (number, statement.total, statement.unit, statement.parts_sum)
        for number, line in enumerate(lines, start=1)
        for statement in total_statements(line)
    ]
    assert lights == [
        (
            1663,
            "總結本部107年度16項指標評估結果，計13項綠燈及3項黃燈，綠燈比率與上年相同。",
            16,
            {Light.GREEN: 13, Light.YELLOW: 3},
        )
    ]
    assert totals == [
        (268, Decimal(613), "項", Decimal(542)),
        (330, Decimal(63), "件", Decimal(63)),
        (385, Decimal(727), "人次", Decimal(727)),
    ]
    assert [s.quote for s in total_statements(sample_text)] == [PROJECTS, AGREEMENTS, VISITS]
    assert len(light_statements(sample_text)) == 1


@given(
    labels=st.lists(st.sampled_from(REGIONS), min_size=2, max_size=5, unique=True),
    data=st.data(),
    total=st.integers(min_value=0, max_value=10**7),
    style=st.sampled_from(["plain", "separated", "full-width"]),
    keyword=st.sampled_from(["共", "共計", "合計", "總計", "共辦理"]),
    marker=st.sampled_from(["其中", "其中包括"]),
)
def test_rendered_enumerations_parse_back(
    labels: list[str], data: st.DataObject, total: int, style: str, keyword: str, marker: str
) -> None:
    counts = data.draw(st.lists(st.integers(0, 10**7), min_size=len(labels), max_size=len(labels)))
    items = [
        f"{label}{printed(count, style)}項" for label, count in zip(labels, counts, strict=True)
    ]
    text = f"{keyword}{printed(total, style)}項，{marker}{'、'.join(items[:-1])}及{items[-1]}。"
    [statement] = total_statements(text)
    assert statement.quote == text
    assert summary(statement) == (
        Decimal(total),
        "項",
        [(label, Decimal(count), "項") for label, count in zip(labels, counts, strict=True)],
    )
    assert statement.parts_sum == sum(counts)


@given(
    counts=st.dictionaries(st.sampled_from(Light), st.integers(0, 999), min_size=1),
    indicators=st.integers(1, 999),
    colour_first=st.booleans(),
)
def test_rendered_tallies_parse_back(
    counts: dict[Light, int], indicators: int, colour_first: bool
) -> None:
    items = [
        f"{light.label_zh}{count}項" if colour_first else f"{count}項{light.label_zh}"
        for light, count in counts.items()
    ]
    text = f"總結{indicators}項指標評估結果，計{'、'.join(items)}。"
    [statement] = light_statements(text)
    assert (statement.total, statement.counts) == (indicators, counts)
