"""The industry recogniser: dictionary, sector mapping, boundaries, cues, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract.industries import find_industries
from services.extract.industry_terms import (
    SECTORS,
    IndustryDataError,
    load_resources,
    parse_table,
)

HEADER = "name\tsector\tstrength\taliases"


def found(text: str) -> list[tuple[str, str]]:
    """(text as written, canonical name) of every industry found."""
    return [(e.text, e.name) for e in find_industries(text)]


# (text, expected [(surface span text, canonical name)], why)
CASES = [
    # canonical names and their industry suffixes
    ("烟台大力发展生物医药产业。", [("生物医药产业", "生物医药")], "产业 joins the span, name stays canonical"),
    ("全市汽车行业利润下降。", [("汽车行业", "汽车")], "行业 makes a weak term an industry"),
    ("随着钢铁业加快转型", [("钢铁业", "钢铁")], "bare 业 suffix"),
    ("我国医药工业总产值", [("医药工业", "医药")], "工业 suffix; 医药, a weak alias of 生物医药, is named as written"),
    ("打造集成电路产业集群", [("集成电路产业集群", "集成电路")], "产业集群 suffix"),
    # aliases
    ("新能源车销量增长三成", [("新能源车", "新能源车")], "a Chinese short form alone: as written"),
    ("电动汽车还会受制于人", [("电动汽车", "电动汽车")], "a strong alias of its own, alone: as written"),
    (
        "新能源汽车快速发展。电动汽车还会受制于人",
        [("新能源汽车", "新能源汽车"), ("电动汽车", "新能源汽车")],
        "beside the name: the name (listed with it, a field of its own: test_an_alias_listed_beside_its_name…)",
    ),
    ("浪潮 AI 首席架构师", [("AI", "人工智能")], "Latin alias"),
    ("北京中关村ICT产业规模", [("ICT产业", "ICT")], "ICT is not IC + T"),
    ("无锡发展传感网", [("传感网", "传感网")], "传感网 (canonical 物联网): a name of its own, as written"),
    ("苏州生物药品制品制造集群", [("生物药品制品制造", "生物医药")], "GB/T 4754 class name"),
    # longest match wins
    ("新能源汽车产量", [("新能源汽车", "新能源汽车")], "not also 新能源 and 汽车"),
    ("做强新能源、新材料", [("新能源", "新能源"), ("新材料", "新材料")], "新能源 alone"),
    ("发展工业互联网产业", [("工业互联网产业", "工业互联网")], "not 互联网"),
    # blockers: a longer ordinary word containing a term
    ("报销医药费", [], "医药费 is a cost"),
    ("微生物检测", [], "微生物 is not 生物"),
    ("金融危机以来", [], "金融危机 is not 金融"),
    ("农业农村部发布", [], "a ministry, not 农业"),
    # weak terms need a cue
    ("芯片价格上涨", [], "芯片 as a product"),
    ("造车新势力、芯片企业纷纷招人", [("芯片", "芯片")], "企业 cue"),
    ("加大财政、金融等政策支持力度", [], "金融 as policy, no cue"),
    ("构建首都金融业的骨干载体", [("金融业", "金融")], "金融业"),
    ("拓展保险业务", [("保险", "保险")], "业务 is not the 业 suffix: a firm's line, named without it"),
    ("医药业绩亮眼", [], "业绩 is not the 业 suffix"),
    ("传统激光装置", [], "激光 as a device"),
    ("全球激光业的前沿", [("激光业", "激光")], "激光业"),
    ("浙江数字经济领先", [], "数字经济 without a cue"),
    # 产业链 after a known term is a cue (the chain of that industry); the
    # chain stays out of the span, and an unknown product makes no industry.
    ("发展医用同位素产业链和医药产业链", [("医药", "医药")], "产业链 after a known term is a cue"),
    ("打造动力电池产业链", [("动力电池", "动力电池")], "产业链 cue for a weak term"),
    # enumerations
    (
        "聚焦生物医药、芯片和软件等领域",
        [("生物医药", "生物医药"), ("芯片", "芯片"), ("软件", "软件")],
        "weak members of a list with an accepted member",
    ),
    ("上海提供芯片、软件等组成的大脑", [], "a list of weak terms alone"),
    (
        "重点发展芯片、软件、金融和人工智能",
        [("芯片", "芯片"), ("软件", "软件"), ("金融", "金融"), ("人工智能", "人工智能")],
        "acceptance runs leftwards through the whole list",
    ),
    (
        "形成以生物医药、医疗器械、保健食品化妆品、健康服务业协同发展",
        [
            ("生物医药", "生物医药"),
            ("医疗器械", "医疗器械"),
            ("保健食品", "保健食品"),
            ("化妆品", "化妆品"),
            ("健康服务业", "健康服务"),
        ],
        "back-to-back members inside a marked list",
    ),
    ("自主知识产权的 AI 芯片 IPU", [("AI", "人工智能")], "AI modifies 芯片: no list"),
    # modifiers and names
    ("围绕高端医疗器械产业", [("高端医疗器械产业", "医疗器械")], "高端 joins the span"),
    ("北京航空航天大学教授", [], "inside a university's name"),
    ("复星合力新材料股份有限公司", [], "inside a company's name"),
    ("上海人工智能实验室", [], "inside a laboratory's name"),
    ("深圳智能制造公司", [("智能制造", "智能制造")], "公司 alone is generic"),
    # Latin boundaries
    ("AIDS防治", [], "AI inside a Latin word"),
    ("办理IC卡", [], "IC as a card"),
    ("IC产业", [("IC产业", "IC")], "IC with a cue"),
    ("发展ＡＩ产业", [("ＡＩ产业", "人工智能")], "full-width Latin"),
    ("ＡＩＤＳ防治", [], "full-width Latin word"),
    ("", [], "empty text"),
]


@pytest.mark.parametrize("text, expected, why", CASES, ids=[c[2] for c in CASES])
def test_find_industries(text: str, expected: list[tuple[str, str]], why: str) -> None:
    assert found(text) == expected, why


SECTOR_CASES = [
    ("集成电路", "新一代信息技术产业"),
    ("人工智能", "新一代信息技术产业"),
    ("高端装备", "高端装备制造产业"),
    ("航空航天", "高端装备制造产业"),
    ("新材料", "新材料产业"),
    ("生物医药", "生物产业"),
    ("医疗器械", "生物产业"),
    ("新能源汽车", "新能源汽车产业"),
    ("氢能", "新能源产业"),
    ("光伏", "新能源产业"),
    ("节能环保", "节能环保产业"),
    ("数字创意", "数字创意产业"),
    ("科技服务业", "相关服务业"),
    ("纺织服装", "其他"),
    ("钢铁业", "其他"),
]


@pytest.mark.parametrize("text, sector", SECTOR_CASES)
def test_sector(text: str, sector: str) -> None:
    (entity,) = find_industries(text)
    assert entity.attributes["sector"] == sector
    code = entity.attributes["sector_code"]
    assert code == (None if sector == "其他" else str(SECTORS.index(sector) + 1))
    assert entity.type == "industry"


def test_every_table_entry_has_a_known_sector_and_matches_itself() -> None:
    res = load_resources()
    assert res.terms
    for surface, term in res.terms.items():
        assert term.sector in SECTORS
        if term.strong and surface.isascii() is False:
            names = [e.name for e in find_industries(f"，{surface}，")]
            # a conjunction variant keeps the text's spelling (软件与信息技术服务)
            assert term.name in names or surface in names, surface


def test_resources_load_once() -> None:
    assert load_resources() is load_resources()


@pytest.mark.parametrize(
    "rows, message",
    [
        ([HEADER, "集成电路\t信息产业\tstrong\t"], "unknown sector"),
        ([HEADER, "集成电路\t其他\tmaybe\t"], "strength"),
        ([HEADER, "集成电路\t其他\tstrong\t芯片", "半导体\t其他\tweak\t芯片"], "maps to both"),
        (["name\tsector", "集成电路\t其他"], "header"),
    ],
)
def test_bad_table_is_rejected(rows: list[str], message: str) -> None:
    with pytest.raises(IndustryDataError, match=message) as err:
        parse_table(rows)
    assert err.value.code == "industry_data_invalid"


def test_alias_strength_markers() -> None:
    terms = parse_table(
        [HEADER, "集成电路\t新一代信息技术产业\tstrong\t~芯片|IC设计", "种业\t其他\tweak\t+现代种业|种子"]
    )
    assert terms["集成电路"].strong and terms["IC设计"].strong
    assert not terms["芯片"].strong and terms["芯片"].name == "集成电路"
    assert terms["现代种业"].strong and not terms["种业"].strong and not terms["种子"].strong


PIECES = [
    "生物医药",
    "产业",
    "芯片",
    "、",
    "企业",
    "医药费",
    "AI",
    "新能源汽车",
    "高端",
    "业务",
    "，",
    "大学",
    "金融",
    "业",
    "和",
    " ",
    "汽车",
    "ICT",
    "链",
    "等",
    "两大",
    "传统",
    "(烟台)",
    "有限公司",
    "食品饮料",
    "。",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_offsets_exact_and_spans_disjoint(pieces: list[str]) -> None:
    text = "".join(pieces)
    entities = find_industries(text)
    end = -1
    for e in entities:
        assert text[e.start : e.end] == e.text
        assert e.start >= end, "industry spans never overlap"
        end = e.end


LIST_HEAD_CASES = [
    ("推动纺织、服装、家电等传统产业转型升级", [("纺织", "纺织"), ("服装", "服装"), ("家电", "家电")]),
    ("锂电池、光伏产品、电动汽车出口", [("锂电池", "锂电池"), ("光伏", "光伏"), ("电动汽车", "电动汽车")]),
    ("服装、家电等产业链", []),  # 产业链 closes no industry list
    ("某生物制药(烟台)股份有限公司董事长", []),
    ("中国汽车工业协会", []),
    ("汽车业主维权", []),
    ("苏州某生物医药科技有限公司", []),
    ("中国机械工业联合会发布", []),
    ("开展各种业务", []),
    ("现代种业发展", [("现代种业", "现代种业")]),  # a longer form of a name is named as written
    ("电子信息、电气机械及设备两大支柱产业", [("电子信息", "电子信息"), ("电气机械", "电气机械")]),
    (
        "纺织服装鞋帽、食品饮料、造纸及纸制品等传统产业",
        # 造纸及纸制品: GB/T 4754-2002's name of the class (2017: 造纸和纸制品), named as written
        [("纺织服装", "纺织服装"), ("食品饮料", "食品饮料"), ("造纸及纸制品", "造纸及纸制品")],
    ),
    ("我市大力推动家电等重点行业", [("家电", "家电")]),
    ("细胞治疗、生物芯片、基因测序与合成等前沿领域", []),  # 领域 is no industry head
    ("AI 医疗、教育、芯片等热点话题", [("AI", "人工智能")]),
    ("培育壮大数字经济核心产业", [("数字经济核心产业", "数字经济")]),
]


@pytest.mark.parametrize("text, expected", LIST_HEAD_CASES)
def test_list_closed_by_industry_head(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_terms_txt_is_in_sync_with_the_table() -> None:
    """terms.txt (for the segment stage's user dictionary) is generated from the table."""
    from pathlib import Path

    import services.extract.industry_terms as mod

    path = Path(mod._data_dir()) / "terms.txt"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    expected = list(dict.fromkeys(t.name for t in load_resources().terms.values()))
    expected += [s for s in load_resources().terms if s not in set(expected)]
    assert lines == expected, "run: .venv/bin/python tools/industries.py terms"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a counted list as long as it says: members the dictionary lacks are fields of the known ones' sector
        (
            "集群形成涵盖医学影像、体外诊断、高值耗材、康复器械四大细分领域。",
            [("医学影像", "生物产业"), ("体外诊断", "生物产业"), ("高值耗材", "生物产业"), ("康复器械", "生物产业")],
        ),
        (
            "重点发展集成电路、射频器件、功率器件三大方向。",
            [
                ("集成电路", "新一代信息技术产业"),
                ("射频器件", "新一代信息技术产业"),
                ("功率器件", "新一代信息技术产业"),
            ],
        ),
        (
            "形成了生物医药、医疗器械、精准医疗三大板块。",
            [("生物医药", "生物产业"), ("医疗器械", "生物产业"), ("精准医疗", "生物产业")],
        ),
    ],
)
def test_counted_list_members(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.name, e.attributes["sector"]) for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "涵盖医学影像、高值耗材、康复器械四大细分领域。",  # three items for 四大: not complete
        "涵盖医学影像、高值耗材、康复器械三大细分领域。",  # no known member: nothing to go by
        "围绕研发、生产、销售三大环节。",  # 环节 closes no list of fields
        "教育、医疗、养老三大民生领域。",  # public services, not industries
    ],
)
def test_counted_list_needs_its_count_and_a_known_member(text: str) -> None:
    assert find_industries(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("做大软件与信息技术服务等产业集群，以软件服务为代表。", ["软件与信息技术服务", "软件与信息技术服务"]),
        ("软件和信息技术服务业营业收入增长。", ["软件和信息技术服务"]),
        ("软件服务收入增长。", ["软件服务"]),  # a short form alone: as written
    ],
)
def test_a_conjunction_variant_keeps_the_texts_spelling(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("无人驾驶在港口领域率先落地。", ["无人驾驶"]),
        ("打造‘无人驾驶与有人驾驶’混合作业项目。", []),  # inside a quoted project name
        ("一辆无人驾驶重卡驶出园区。", []),  # describes a vehicle
        ("交付100台自动驾驶卡车。", []),
        ("落户无人驾驶商用车联合实验室。", []),  # part of a lab's name
        ("聚焦“生物医药、集成电路”。", ["生物医药", "集成电路"]),  # a quoted list still counts
        ("实施“芯火”集成电路计划。", ["集成电路"]),
        ("推动“生物医药+大健康”融合发展。", ["生物医药", "大健康"]),  # joined by +, still a list
    ],
)
def test_terms_in_names_slogans_and_products(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an umbrella (制造业, named with 先进) counts only as the umbrella does: in a breakdown
        # or a text that names it three times or more
        ("对先进制造业项目给予补贴。", []),
        ("入选国家先进制造业集群名单。", []),
        ("体外诊断企业超过百家。", ["体外诊断"]),  # a sub-field keeps its own name
    ],
)
def test_umbrellas_and_sub_fields(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


def test_an_enumeration_reaches_past_a_modifier():
    # 高端 before the accepted member does not break the list.
    assert [e.name for e in find_industries("集聚了体外诊断、创新药和高端医疗器械企业。")] == [
        "体外诊断",
        "创新药",
        "医疗器械",
    ]


def test_policy_words_in_a_counted_list_are_not_fields():
    found = [e.name for e in find_industries("聚焦新能源、新材料、招商引资、营商环境四大领域。")]
    assert found == ["新能源", "新材料"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # GB/T 4754-2017 division names are named as the bulletin writes them
        ("计算机、通信和其他电子设备制造业增长12%。", ["计算机、通信和其他电子设备制造业"]),
        ("化学原料和化学制品制造业下降3%。", ["化学原料和化学制品制造业"]),
        ("黑色金属冶炼和压延加工业增长。", ["黑色金属冶炼和压延加工业"]),
    ],
)
def test_statistical_division_names(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


def test_he_and_yu_spell_the_same_name():
    # only the 和 spelling is in the table; the 与 spelling is found too (named as written)
    found = find_industries("软件与信息服务业收入增长。")
    assert [(e.name, e.attributes["canonical"]) for e in found] == [("软件与信息服务", "软件和信息技术服务")]


def test_a_counted_list_closed_after_deng():
    found = [e.name for e in find_industries("园区重点发展生物医药、医疗器械、医美等三大主导产业。")]
    assert found == ["生物医药", "医疗器械", "医美"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("电子及通信设备制造业增长15%。", ["电子信息"]),  # 高技术产业(制造业)分类 name
        ("批发和零售业增加值增长6.5%。", ["批发和零售业"]),
        ("工业机器人产量增长30%。", []),  # a product's output quantity: no industry
        ("芯片产值突破千亿元。", ["芯片"]),  # so is 产值
        ("服务机器人走进家庭。", []),  # a weak term without a cue
    ],
)
def test_statistics_bulletin_wordings(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # county specialities closed by 特色/主导/支柱产业 heads, counted or with 等
        ("永康市五金、杯壶、电动工具、智能门业四大特色产业产值增长。", ["五金", "杯壶", "电动工具", "智能门业"]),
        ("形成了五金、杯壶、电动工具和智能门业四大主导产业。", ["五金", "杯壶", "电动工具", "智能门业"]),
        ("五金、杯壶、电动工具、智能门业等特色产业加快升级。", ["五金", "杯壶", "电动工具", "智能门业"]),
        ("纺织服装、家具、化工、建材、食品加工等传统产业。", ["纺织服装", "家具", "化工", "建材", "食品加工"]),
        ("该县陶瓷、玻璃、石材三大支柱产业。", ["陶瓷", "玻璃", "石材"]),
        # a Latin acronym between list marks is a member too
        (
            "扶持电子信息、LED、新能源汽车、高端装备制造等战略性新兴产业。",
            ["电子信息", "LED", "新能源汽车", "高端装备制造"],
        ),
    ],
)
def test_traditional_manufacturing_lists(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("动力电池产业、功率半导体和汽车零部件企业集聚。", ["动力电池", "功率半导体", "汽车零部件"]),
        ("聚焦动力电池、功率半导体、汽车零部件,打造产业集群。", ["动力电池", "功率半导体", "汽车零部件"]),
        ("该市汽车零部件产业产值超百亿。", ["汽车零部件"]),
        ("第三代半导体项目落地。", ["第三代半导体"]),
        # a trade written with its making is that manufacturing trade, named as written
        # (industries/making_suffixes.txt; was 电动工具 before 2026-12-07)
        ("电动工具制造业出口增长。", ["电动工具制造业"]),
        ("农产品加工业产值增长。", ["农产品加工"]),
        ("打造动力电池产业链。", ["动力电池"]),
        ("模具行业和轴承企业。", ["模具", "轴承"]),
        ("纺织产业带的订单。", ["纺织"]),
    ],
)
def test_specialised_manufacturing_terms(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "提供作为“心脏”的动力电池。",
        "五金店老板说。",
        "不锈钢杯壶很受欢迎。",
        "应用于化合物半导体的工艺。",
        "发电机组检修。",
        "一块玻璃和一把模具。",
    ],
)
def test_products_without_an_industry_cue(text: str) -> None:
    assert find_industries(text) == []


def test_a_deng_list_needs_mostly_known_members() -> None:
    # one known member of four: the unknown items are not read as fields
    names = [e.name for e in find_industries("推进招商、杯壶、门业、化工等产业。")]
    assert "杯壶" not in names and "门业" not in names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("主导产业为装备制造、电子信息和新材料。", ["装备制造", "电子信息", "新材料"]),
        ("特色产业包括五金、杯壶、电动工具、智能门业等。", ["五金", "杯壶", "电动工具", "智能门业"]),
        ("该县支柱产业有纺织、化工和建材,", ["纺织", "化工", "建材"]),
        ("重点产业：汽车、机械、食品。", ["汽车", "机械", "食品"]),
        ("优势产业包括招商引资、营商环境。", []),
        ("主导产业为汽车、杯壶、门业、茶杯。", ["汽车"]),  # one known of four: no new members
    ],
)
def test_lists_opened_by_an_industry_head(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("动力电池出货量全球第一。", ["动力电池"]),
        ("电动工具出口额达35亿元。", ["电动工具"]),
        ("风电装机容量突破千万千瓦。", []),  # installed capacity is no trade (heldout4 labels)
        ("储能电池产能超过100GWh。", ["储能电池"]),
    ],
)
def test_output_figures_are_industry_cues(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


# --- heldout3 causes 7/8: broader vocabulary, names as written ---------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # GB/T 4754-2017 门类 in a bulletin's breakdown, named as written
        (
            "分门类看，采矿业增加值下降1.2%，制造业增长6.3%，建筑业增长2.0%。",
            ["采矿业", "制造业", "建筑"],
        ),  # 建筑 keeps its older row
        ("其中，酒的制造业增长9.1%，橡胶和塑料制品业增长4.4%。", ["酒的制造业", "橡胶和塑料制品业"]),
        ("住宿和餐饮业、租赁和商务服务业增加值均有增长。", ["住宿和餐饮业", "租赁和商务服务业"]),
        # 制造业 alone is the umbrella of all manufacturing: no breakdown, no mention
        ("浙江制造业发达，民营经济活跃。", []),
        ("9月份制造业采购经理指数为51.2%。", []),
        # a trade's investment item in a bulletin
        ("全年房地产开发投资下降8.7%。", ["房地产"]),
    ],
)
def test_classification_names_in_bulletins(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # low-altitude economy vocabulary (2024 national lists)
        (
            "培育无人机、电动垂直起降飞行器、低空物流、城市空中交通等新业态。",
            ["无人机", "eVTOL", "低空物流", "城市空中交通"],
        ),
        ("这家企业专注eVTOL研发。", ["eVTOL"]),
        # an uncounted 等领域 list with a strong member: known members, and an
        # unknown one (黄酒) once most members are known
        ("投资覆盖电子信息、工业软件、电信、氟化工、黄酒等领域。", ["电子信息", "工业软件", "电信", "氟化工", "黄酒"]),
        # …and without a strong member, 等领域 says too little (research topics end so too)
        ("聚焦干细胞、基因编辑、脑科学等前沿领域。", []),
    ],
)
def test_broader_vocabulary_and_field_lists(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("锂电池产业规模扩大。", ["锂电池"]),  # not shortened to 锂电
        ("锂电产业规模扩大。", ["锂电"]),
        ("全年茶叶产量3.2万吨，水果产量12万吨。", []),  # an output quantity names no industry
    ],
)
def test_names_as_written(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


def test_a_short_first_item_loses_its_verb():
    found = [e.name for e in find_industries("依托航空制造基础，打造通航装备、航空发动机、无人机三大产业集群。")]
    assert found == ["通航装备", "航空发动机", "无人机"]


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a county's specialty crop + 产业 names an industry; the crop alone is produce
        ("该县苹果产业年产值突破40亿元。", {"苹果"}, set()),
        ("她在集市上买了些苹果和草莓。", set(), {"苹果", "草莓"}),
        ("全县食用菌产业集群初具规模。", {"食用菌"}, set()),
        # trades that name themselves
        ("直播电商和乡村旅游带动农民增收。", {"直播电商", "乡村旅游"}, set()),
        ("消费电子需求回暖，订单增加。", {"消费电子"}, set()),
        ("企业重点研发先进储能材料。", {"先进储能材料"}, set()),
        # capacity and facilities are installations, not the industry
        ("全市风电装机容量达到300万千瓦。", set(), {"风电"}),
        ("园区建成分布式光伏设施二十余处。", set(), {"光伏"}),
        ("光伏电站年发电量增长。", set(), {"光伏"}),
        ("光伏产业营收增长。", {"光伏"}, set()),
        # a graded product is no industry named
        ("公司推出工业级芯片和新能源汽车电池。", set(), {"集成电路"}),
    ],
)
def test_heldout4_industry_causes(text, present, absent):
    names = {e.name for e in find_industries(text)}
    assert present <= names, names
    assert not (absent & names), names


def test_a_weak_alias_is_named_as_written_unless_the_text_writes_the_name():
    # alone, the text's own word; beside the dictionary's name, that name (one entity)
    alone = find_industries("重点发展芯片、软件、金融和人工智能")
    assert [(e.name, e.attributes["canonical"]) for e in alone][:2] == [
        ("芯片", "集成电路"),
        ("软件", "软件和信息技术服务"),
    ]
    both = find_industries("集成电路产业规模全国第一，芯片企业超过300家。")
    assert {e.name for e in both} == {"集成电路"}
    # a Chinese short form alone is the text's name; its canonical is the dictionary's
    short = find_industries("新能源车产业快速发展")
    assert [(e.name, e.attributes["canonical"]) for e in short] == [("新能源车", "新能源汽车")]


def test_a_strong_alias_of_its_own_is_named_as_written_unless_the_text_writes_the_name() -> None:
    # 清洁能源 and 电动汽车 are names of their own, not short forms of 绿色能源, 新能源汽车
    alone = find_industries("围绕生态文化旅游、清洁能源产业开展招商；电动汽车产业快速发展。")
    assert [(e.name, e.attributes["canonical"]) for e in alone][-2:] == [
        ("清洁能源", "绿色能源"),
        ("电动汽车", "新能源汽车"),
    ]
    assert {e.name for e in find_industries("发展绿色能源产业，清洁能源装备企业集聚。")} == {"绿色能源"}
    # a Latin abbreviation stays the name (AI); a Chinese short form is named as written
    assert [e.name for e in find_industries("AI产业和新能源车产业")] == ["人工智能", "新能源车"]
    assert {e.name for e in find_industries("美国电商巨头宣布分拆，电商企业增多。")} == {"电商"}
    # beside the dictionary's name, the name
    assert {e.name for e in find_industries("电子商务快速发展，电商企业增多。")} == {"电子商务"}


def test_a_list_opened_by_a_verb_and_particle_starts_after_the_particle() -> None:
    # 涵盖了制造: the first item is 制造, not 了制造
    names = [e.name for e in find_industries("签约金额达126.4亿元，涵盖了制造、能源、零售、文旅等行业。")]
    assert names == ["制造", "能源", "零售", "文旅"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the list item is longer than the known term in it: the item is the name
        ("从行业看，电子、机械设备、传媒、化工等行业是机构调研的重点", "机械设备"),
        ("继续看好有色金属、钢铁、煤炭开采等资源行业的行情。", "煤炭开采"),
        ("项目涵盖了新能源、新材料、生物医学、电子信息、先进装备制造等多种产业类型", "先进装备制造"),
        ("园区重点发展人工智能、数字文创等产业", "数字文创"),
    ],
)
def test_a_list_item_is_named_as_written(text: str, expected: str) -> None:
    names = [e.name for e in find_industries(text)]
    assert expected in names
    # the shorter dictionary term inside it is no second mention
    assert not any(n != expected and n in expected for n in names)


def test_a_place_before_a_list_item_is_no_part_of_its_name() -> None:
    names = [e.name for e in find_industries("苏州五金、杯壶、电动工具、智能门业等特色产业")]
    assert names[0] == "五金"


@pytest.mark.parametrize(
    "text, expected",
    [
        # two terms back to back, the second the longer: one field, named as written
        ("在新能源动力电池、橡胶轮胎之外", "新能源动力电池"),
        # a manufacturing trade keeps its 业, as GB/T 4754 names do
        ("其中机械装备制造业是发展重点", "机械装备制造业"),
        ("全球新能源锂离子电池需求强劲", "新能源锂离子电池"),
    ],
)
def test_a_term_qualifying_a_longer_term_is_one_field(text: str, expected: str) -> None:
    names = [e.name for e in find_industries(text)]
    assert names[0] == expected
    assert "新能源" not in names and "装备制造" not in names


def test_a_shorter_term_after_a_field_is_a_segment_not_a_compound() -> None:
    # 新能源汽车 + 零售: the retail of new-energy vehicles, not a field 新能源汽车零售
    assert "新能源汽车零售" not in [e.name for e in find_industries("限额以上单位新能源汽车零售额增长1.1倍")]


def test_a_published_classification_name_the_table_lacks_is_a_weak_term() -> None:
    # 公共设施管理业: a GB/T 4754-2017 大类 (classifications.tsv), named as written
    assert [e.name for e in find_industries("公共设施管理业投资增长36.3%")] == ["公共设施管理业"]
    # weak: without a cue or a list it names nothing
    assert find_industries("加强公共设施管理") == []
    # a 战略性新兴产业分类(2018) industry takes its sector
    (e,) = find_industries("公司专注于轨道交通装备产业")
    assert (e.name, e.attributes["sector"]) == ("轨道交通装备", "高端装备制造产业")


def test_class_terms_skip_public_bodies_and_other_rows() -> None:
    from services.extract.industry_terms import class_terms

    rows = [
        {"scheme": "gbt4754", "level": "1", "code": "S", "name": "公共管理、社会保障和社会组织", "parent": ""},
        {
            "scheme": "gbt4754",
            "level": "2",
            "code": "92",
            "name": "人民政协、民主党派",
            "parent": "公共管理、社会保障和社会组织",
        },
        {"scheme": "gbt4754", "level": "3", "code": "921", "name": "人民政协", "parent": "人民政协、民主党派"},
        {"scheme": "gbt4754", "level": "3", "code": "7869", "name": "其他游览景区管理", "parent": "公共设施管理业"},
        {
            "scheme": "gbt4754",
            "level": "2",
            "code": "78",
            "name": "公共设施管理业",
            "parent": "水利、环境和公共设施管理业",
        },
        {"scheme": "sei2018", "level": "2", "code": "", "name": "专用化学品及材料制造", "parent": "新材料产业"},
    ]
    terms = class_terms({}, rows, {})
    assert list(terms) == ["公共设施管理"] and terms["公共设施管理"].classified


def test_a_classification_line_is_named_without_its_activity_word() -> None:
    from services.extract.industry_terms import class_terms

    def row(level: str, code: str, name: str) -> dict[str, str]:
        return {"scheme": "gbt4754", "level": level, "code": code, "name": name, "parent": ""}

    rows = [row("3", "602", "快递服务"), row("4", "6020", "快递服务"), row("3", "384", "电池制造")]
    rows += [row("4", "1511", "啤酒制造"), row("4", "2412", "笔的制造"), row("4", "6813", "健康保险")]
    terms = class_terms({}, rows, {})
    # a 中类 keeps its written name (a classification); its 小类 of the same name
    # gives the trade word before 服务 (快递), a 中类 alone does not (电池制造: no 电池)
    assert terms["快递服务"].classified and terms["快递"].name == "快递" and not terms["快递"].classified
    assert "电池制造" in terms and "电池" not in terms
    # a 小类 is read by its short form only; its 的 goes with 制造; one character left is no trade
    assert "啤酒" in terms and "啤酒制造" not in terms
    assert "笔的制造" in terms and "笔的" not in terms and "笔" not in terms
    # a 小类 has no 业 in its official name: a 业 written after it is a suffix
    assert not terms["健康保险"].classified
    # weak: named with a cue (行业, 企业) or in a list of trades, not as a bare word
    assert [e.name for e in find_industries("近年来，全县快递行业发展迅速。")] == ["快递"]
    assert [e.name for e in find_industries("连锁快餐企业纷纷进入县城。")] == ["快餐"]
    assert find_industries("快递很快送到了家里。") == []
    assert [e.name for e in find_industries("健康保险业增长较快。")] == ["健康保险"]


def test_a_middle_class_is_named_by_its_products_too() -> None:
    from services.extract.industry_terms import class_terms

    def row(code: str, name: str) -> dict[str, str]:
        return {"scheme": "gbt4754", "level": "3", "code": code, "name": name, "parent": ""}

    # a 中类 with no 小类 of its own name (391 计算机制造: 3911 计算机整机制造 …) is read by
    # the words before its activity word as a 小类 is, weak, beside its written name
    terms = class_terms({}, [row("391", "计算机制造"), row("841", "法律服务"), row("384", "电池制造")], {})
    assert terms["计算机制造"].classified and not terms["计算机"].classified and not terms["计算机"].strong
    assert "法律" in terms
    # a product head (电池: 太阳能电池, 充电电池) names no trade alone
    assert "电池" not in terms
    # weak: with a cue or in a list of accepted trades, not as a bare word
    assert [e.name for e in find_industries("计算机行业发展很快。")] == ["计算机"]
    assert [e.name for e in find_industries("主导产业为电子信息、计算机。")] == ["电子信息", "计算机"]
    assert [e.name for e in find_industries("农药企业和宠物行业。")] == ["农药", "宠物"]
    assert find_industries("他打开计算机查看邮件。") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a known trade written with its making (制造业, 加工业) is that manufacturing trade,
        # named as written, as GB/T 4754 names its classes (industries/making_suffixes.txt)
        ("以农副食品加工、装备制造业为主导产业，服装加工业为新兴产业。", "服装加工业"),
        ("全市医药制造业增加值增长12%。", "医药制造业"),
    ],
)
def test_a_trade_written_with_its_making_is_named_so(text: str, name: str) -> None:
    assert name in [e.name for e in find_industries(text)]


def test_weak_known_members_of_a_field_list_with_a_strong_member_count() -> None:
    text = "产品广泛应用于数据通信、新能源汽车、工业控制、医疗设备、轨道交通等领域。"
    assert {"医疗设备", "轨道交通"} <= {e.name for e in find_industries(text)}


def test_the_umbrella_counts_where_the_text_is_about_it() -> None:
    passing = "江苏制造业发达，浙江数字经济领先。"
    assert find_industries(passing) == []
    about = "稳住制造业基本盘。深圳要坚持制造业立市之本，让制造业空间得到保障。"
    assert {e.name for e in find_industries(about)} == {"制造业"}


def test_a_head_right_after_a_list_names_every_item() -> None:
    # 产业链 after 半导体和OLED: 半导体 (weak) is accepted and OLED is a field too
    found_ = [(e.name, e.attributes["sector"]) for e in find_industries("上游供应链方面则需要关注半导体和OLED产业链。")]
    assert found_ == [("半导体", "新一代信息技术产业"), ("OLED", "新一代信息技术产业")]
    # a list of activities or of other words before the head names no field
    assert find_industries("研发、制造、流通的全产业链体系") == []
    assert find_industries("制定国际标准、国家标准和行业标准") == []


def test_a_counted_list_starts_after_a_preposition_that_is_no_word_of_its_own() -> None:
    text = "尤其在移动通信、新能源汽车两大领域拥有多项核心技术"
    assert [e.name for e in find_industries(text)] == ["移动通信", "新能源汽车"]
    # 在线 is a word: 在 there opens no list
    assert [e.name for e in find_industries("重点发展在线教育、数字文创两大产业")] == ["在线教育", "数字文创"]


def test_chanyehua_is_industrialisation_not_an_industry_suffix() -> None:
    assert find_industries("全县已拥有市级农业产业化龙头企业4家") == []


def test_a_first_item_starts_after_an_aspect_particle() -> None:
    text = "积极发展现代农业，培植壮大了优质粮油、有机蔬菜、健康养殖、高效烤烟和生态林果5大主导产业。"
    names = [e.name for e in find_industries(text)]
    assert names[1:3] == ["优质粮油", "有机蔬菜"] and "粮油" not in names


def test_class_aliases_name_a_classification_trade_by_its_news_word() -> None:
    # 安防 for GB/T 4754 727 安全保护服务 (class_aliases.tsv): weak, named as written
    assert [e.name for e in find_industries("安防行业景气度回升")] == ["安防"]
    assert find_industries("加强校园安防") == []


def test_gongye_before_yuan_is_a_park_not_an_industry_suffix() -> None:
    # 比亚迪汽车工业园: a company's plant campus; 汽车 (weak) is no mention there
    assert find_industries("重点推进比亚迪汽车工业园项目建设") == []
    # …产业园 still names the trade it hosts
    assert [e.name for e in find_industries("共建纺织产业园")] == ["纺织"]


def test_a_development_verb_opens_a_list_of_trades() -> None:
    names = [e.name for e in find_industries("首批入驻研发人员不少于120名，重点发展工业软件和工业互联网平台。")]
    assert names == ["工业软件", "工业互联网"]
    # the weak terms alone name nothing
    assert find_industries("公司推出工业软件和工业互联网平台。") == []


def test_a_term_before_zhengche_describes_a_vehicle() -> None:
    # 新能源整车: whole new-energy vehicles, a product, not the 新能源 industry
    assert find_industries("加速引进新能源整车生产项目落户") == []


def test_a_field_list_without_a_strong_member_names_its_field_items() -> None:
    # 等…领域 with a weak known member (宠物食品) and field names throughout:
    # its unknown items of four characters or more are fields, 和/及 split an item
    names = [e.name for e in find_industries("目标但不限于宠物食品、宠物医疗及药品、宠物用品、宠物服务等领域。")]
    assert names == ["宠物食品", "宠物医疗", "宠物用品", "宠物服务"]
    # a quoted first item is no clause to trim; a policy word is named by no rule
    text = "紧盯“电化长江”、合成生物、数字经济、外贸外资、总部楼宇经济等领域，做实产业链招商。"
    assert [e.name for e in find_industries(text)] == ["合成生物", "数字经济", "总部楼宇经济"]
    # infrastructure and livelihood are investment areas, no trades
    text = "涵盖先进制造、现代服务业、基础设施、生态环保和社会民生等重点领域。"
    assert [e.name for e in find_industries(text)] == ["先进制造", "现代服务业", "生态环保"]


def test_a_field_list_names_no_short_word_research_topic_or_unknown_list() -> None:
    # short unknown items are too general a word (消费, 工业); the known weak member counts
    assert [e.name for e in find_industries("可广泛应用于消费、工业、IT、通信、汽车和医疗等众多领域。")] == ["汽车"]
    # frontier research topics are no trades
    assert find_industries("细胞治疗、生物芯片、基因测序与合成等前沿领域形成一定规模。") == []
    # no known member at all: nothing (安全, GB/T 4754 小类 安全服务, is known since 2026-12-05)
    assert find_industries("上海在零信任、隐私计算、智能工控等领域取得了成果。") == []


def test_new_business_forms_close_a_field_list() -> None:
    # 等新业态 closes a list of fields as 等领域 does (field_heads.txt)
    text = "积极发展临港临空经济、保税经济、跨境电商、海外仓等新业态，大力推动企业出海。"
    names = [e.name for e in find_industries(text)]
    assert {"保税经济", "跨境电商"} <= set(names), names
    # 等方面 does not: policy lists end so (资金扶持、用地用房、人才奖励等方面)
    assert find_industries("在资金扶持、用地用房、人才奖励、芯片采购等方面予以支持。") == []


def test_an_opened_list_of_short_names_needs_one_known_member() -> None:
    # 主导产业为… with short names throughout: one known member names the others
    names = [e.name for e in find_industries("集团主导产业为能源装备、工业装备和现代服务业。")]
    assert names == ["能源装备", "工业装备", "现代服务业"]
    # a policy word in the list keeps the old rule (most items known)
    assert [e.name for e in find_industries("重点发展工业软件、社会治理和民生保障。")] == ["工业软件"]


def test_a_negated_term_names_no_trade() -> None:
    # 非能源工业: everything but energy; 非金属 is a term of its own
    assert find_industries("全盟非能源工业增加值占比提升3个百分点。") == []
    assert [e.name for e in find_industries("非金属矿物制品业增长5%。")] == ["非金属矿物制品业"]


def test_a_manufacturing_trade_written_with_ye_keeps_it() -> None:
    # 电子信息制造业: as written, its 业 kept (as GB/T 4754 names are); canonical 电子信息
    found = find_industries("是一家高端电子信息制造业企业。")
    assert [(e.name, e.attributes["canonical"]) for e in found] == [("电子信息制造业", "电子信息")]
    # without 业 the written form stays
    assert [e.name for e in find_industries("电子信息制造企业集聚。")] == ["电子信息制造"]


def test_a_trade_growth_figure_is_a_cue() -> None:
    # 增幅/增速/增加值 after a weak term: the trade's statistics
    assert [e.name for e in find_industries("贵阳数字经济增幅连续5年位居全国第一。")] == ["数字经济"]
    assert [e.name for e in find_industries("影视增速遭遇天花板。")] == ["影视"]
    # the umbrella still needs a breakdown or a topic
    assert find_industries("浙江制造业增加值占比提高。") == []


def test_a_field_lists_first_item_longer_than_a_name_starts_after_its_verb() -> None:
    # 重点围绕|轨道交通: eight characters, no name; the item starts after the verb
    text = "重点围绕轨道交通、污水污泥处理等重点领域采购新技术新产品。"
    assert [e.name for e in find_industries(text)] == ["轨道交通", "污水污泥处理"]


def test_modern_services_is_a_weak_trade_with_its_industry_spellings_strong() -> None:
    # the services sector of policy texts: named in a list of trades or with a cue
    assert "现代服务业" in {e.name for e in find_industries("为全省物联网产业、新能源产业、现代服务业等提供支撑。")}
    # written with 产业 or as 现代化服务业 it names itself, as written
    assert {e.name for e in find_industries("还包括打造机电产品产业和现代服务产业的有关项目")} == {"现代服务产业"}
    assert {e.name for e in find_industries("是集生态、宜居于一体的现代化服务业集群地。")} == {"现代化服务业"}
    # a passing mention of the sector names nothing (weak, no cue)
    assert find_industries("提升现代服务业对实体经济的支撑作用。") == []


def test_lidar_is_a_weak_trade_of_its_own() -> None:
    # 激光雷达 is the trade, not the 激光 inside it; weak: a cue or a list makes it one
    assert [e.name for e in find_industries("小米已投资多家激光雷达企业。")] == ["激光雷达"]
    assert find_industries("车顶装有激光雷达。") == []


def test_fuel_cell_and_smart_electric_vehicles_are_sub_fields_of_their_own() -> None:
    # beside 新能源汽车 they keep their own names, as 体外诊断 does beside 医疗器械
    found = find_industries("郑州新能源汽车产量增长，开展燃料电池汽车研发，支持智能电动汽车产业创新。")
    assert [(e.name, e.attributes["sector"]) for e in found] == [
        ("新能源汽车", "新能源汽车产业"),
        ("燃料电池汽车", "新能源汽车产业"),
        ("智能电动汽车", "新能源汽车产业"),
    ]


def test_high_tech_and_high_end_manufacturing_are_classes_named_with_their_ye() -> None:
    # 高技术制造业 (the class of 高技术产业(制造业)分类2017) and 高端制造业 name themselves, not the
    # umbrella 制造业 inside them, and keep the 业 the text writes
    assert [e.name for e in find_industries("战略性新兴产业增长24%，高技术制造业增长24.3%。")] == ["高技术制造业"]
    assert [e.name for e in find_industries("推动高端制造业高质量发展。")] == ["高端制造业"]
    assert [e.name for e in find_industries("提升高端制造和极限制造能力。")] == ["高端制造"]


def test_a_list_goes_on_through_unknown_short_items() -> None:
    # 光伏 (strong) accepts the weak 光电 and 装备制造 of its 、-list though an item the
    # dictionary lacks stands between them
    text = "建设新材料产业平台，聚焦光伏、先进信息材料、光电、装备制造，加快推进一批重点产业项目。"
    assert {"光电", "装备制造"} <= {e.name for e in find_industries(text)}
    assert "工程机械" in {e.name for e in find_industries("依托汽车、农牧和工程机械、风机设备、钢铁冶金发展基础。")}
    # a gap that is no list item (a clause, a long phrase) links nothing
    assert "光电" not in {e.name for e in find_industries("光伏发电量增长，推动全市经济发展的光电。")}


def test_a_noun_opening_a_list_item_names_the_kind_of_its_weak_member() -> None:
    # a common noun starting the item before a weak member its list accepts is the kind
    # of trade the text names (设施农业 beside 畜牧业, 传媒影视 in a list of fields)
    assert [e.name for e in find_industries("（二）设施农业和畜牧业同步增长。")] == ["设施农业", "畜牧"]
    names = {e.name for e in find_industries("下游环节为商业应用，如游戏、办公、传媒影视、医疗、金融、电商和工业等。")}
    assert "传媒影视" in names and "影视" not in names
    # a verb before the member is no kind (涵盖|制造): the member keeps its own name
    assert "农业" in {e.name for e in find_industries("推动发展农业和畜牧业。")}


def test_construction_machinery_and_coal_chemicals_name_their_trades_bare() -> None:
    # strong: the bare words name the trade (工程机械 a row of its own, no longer 机械's weak alias)
    assert [e.name for e in find_industries("还有央企投资建设的40万吨聚氯乙烯等煤化工项目。")] == ["煤化工"]
    assert [e.name for e in find_industries("工程机械等基础装备向临港地区集聚。")] == ["工程机械"]


def test_a_word_of_scope_before_a_list_item_is_no_part_of_its_name() -> None:
    # 全球|水产 in a counted list: where the trade is, as a place before it is (永康市|五金)
    assert [e.name for e in find_industries("蝉联全球水产和光伏两大行业第一。")] == ["水产", "光伏"]
    # a modifier of the trade itself still is (先进装备制造)
    assert "先进装备制造" in {e.name for e in find_industries("重点发展先进装备制造、新材料、生物医药三大产业。")}


def test_iot_is_the_latin_abbreviation_of_the_internet_of_things() -> None:
    # as AI is 人工智能's: a whole Latin word, named by the dictionary's name
    assert [e.name for e in find_industries("预计视频IOT的市场空间还将进一步扩大。")] == ["物联网"]
    assert find_industries("BIOTECH公司") == []


def test_tmt_names_the_technology_media_and_telecom_trades() -> None:
    assert [e.name for e in find_industries("NEXT创业空间是专注于TMT领域早期创业团队的孵化器。")] == ["TMT"]
    assert find_industries("XTMTX编号") == []  # a whole Latin word only


def test_transport_is_a_weak_short_form_of_its_trade() -> None:
    # 交通 (交通运输, GB/T 4754 门类 G): a trade in a list of investment areas, not in 交通便利
    found = find_industries("重点投资房地产、交通、教育等行业。")
    assert [e.name for e in found] == ["房地产", "交通", "教育"]
    assert find_industries("这里交通便利，环境优美。") == []
    # as a list item's part it names the longer field (智能交通管理 -> 智能交通)
    text = "中关村已有涉及轨道交通、信息基础设施、智能交通管理、新能源汽车等领域的86个项目。"
    assert "智能交通" in {e.name for e in find_industries(text)}


def test_a_firms_business_lines_after_a_business_opener_are_named_as_written() -> None:
    # made-up firms; the opener (主营业务为, 主业为, 主营, 业务涉及 …) lists the firm's trades,
    # known or not, each named as written; commas separate lines only before another line
    names = [e.name for e in find_industries("甲公司主业为润滑油批发零售，以及仓储、化工产品贸易等。")]
    assert names == ["润滑油批发零售", "仓储", "化工产品贸易"]
    names = [e.name for e in find_industries("乙机构业务涉及留学，语培，游学，以及其他服务。")]
    assert names == ["留学", "语培", "游学"]
    # a line ends at 的 (its activities follow); a clause after a comma ends the list
    assert [e.name for e in find_industries("丙公司主营业务为艺术陶瓷的研发设计、生产和销售。")] == ["艺术陶瓷"]
    assert [e.name for e in find_industries("丁公司主营少儿编程培训，是国内较为领先的服务商。")] == ["少儿编程培训"]
    # the noun 主营业务 opens nothing; nor does a clause or a list of technologies
    assert find_industries("年主营业务收入2000万元及以上的工业企业，聚焦主营业务、持续强链。") == []
    assert find_industries("公司主营业务划分为技术与专业服务集团和互联网服务集团。") == []
    # 主营 before the firm's accounts or scope (主营收入, 主营产品) is a modifier: no lines
    assert find_industries("公司主营收入稳步增长，主营产品包括海藻饲料。") == []
    assert find_industries("其主营业务是运用移动通信、互联网、大数据等技术，构建平台。") == []


def test_fields_whose_firms_the_text_speaks_of_are_trades() -> None:
    # made-up fields: a list closed by 领域的…企业/项目 names trades, unknown ones as written
    text = "引进更多海藻培育、深空探测领域的优质企业和项目进驻。"
    assert [e.name for e in find_industries(text)] == ["海藻培育", "深空探测"]
    # a known term inside a longer item is named as the item (the longest name written)
    text = "期待联合大语言模型、具身智能机器人等领域的领军企业。"
    assert [e.name for e in find_industries(text)] == ["大语言模型", "具身智能机器人"]
    # no firms after 领域, one item, or a policy word in the list: nothing
    assert find_industries("在海藻培育、深空探测等领域取得突破。") == []
    assert find_industries("引进深空探测领域的优质企业。") == []
    assert find_industries("推动招商引资、深空探测领域的企业发展。") == []


def test_the_fields_a_firm_focuses_on_are_its_trades() -> None:
    # made-up fields: 专注于…领域 names them, a research word (技术) passed over
    names = [e.name for e in find_industries("两家公司分别专注于农业、海藻培育和技术领域。")]
    assert names == ["农业", "海藻培育"]
    # a known term inside a longer item: the item is the field's name
    assert [e.name for e in find_industries("该公司专注于AI基础设施领域。")] == ["AI基础设施"]
    # a policy word (方案) makes the phrase no list of fields
    assert find_industries("公司专注于力控解决方案领域。") == []
    assert find_industries("公司专注于海藻培育的研发。") == []


def test_the_fields_a_trade_is_built_on_are_trades() -> None:
    # made-up fields: 以X为主的…产业 names X, a policy word in the list passed over
    text = "以海藻培育为主的新农业产业，以银发内容为导向的文化产业。"
    assert {"海藻培育", "银发内容"} <= {e.name for e in find_industries(text)}
    names = {e.name for e in find_industries("以电子信息、深空探测、国际合作为主的产业。")}
    assert {"电子信息", "深空探测"} <= names and "国际合作" not in names
    # firms lead a trade (为龙头): no fields
    assert "甲航空公司" not in {e.name for e in find_industries("以甲航空公司为龙头的航空航天产业。")}


def test_unknown_items_of_a_mostly_known_list_are_fields() -> None:
    # two thirds of the items known, one accepted: the other short items are fields too
    names = [e.name for e in find_industries("这不是单一产业，而是航空、芯片、人工智能、新能源、海藻培育的交叉。")]
    assert "海藻培育" in names and "人工智能" in names
    # research topics (等…技术前沿) and a first item that may hold its clause's words name nothing new
    assert "脑机科学" not in {e.name for e in find_industries("瞄准量子信息、脑机科学、人工智能等世界技术前沿。")}
    assert "推进海藻培育" not in {e.name for e in find_industries("推进海藻培育、人工智能、新能源发展。")}
    # a list mostly unknown stays unnamed
    assert "海藻培育" not in {e.name for e in find_industries("加强海藻培育、深空探测、人工智能和品牌建设。")}


def test_a_channel_of_sale_after_a_term_names_no_trade() -> None:
    # 电商渠道, 电商采购: how goods are sold or bought, not the trade
    assert find_industries("通过提高电商渠道的营销能力抓住增长机会。") == []
    assert find_industries("提供电子器件的一站式电商采购服务。") == []
    # the trade itself still counts
    assert [e.name for e in find_industries("全市电商企业达到210家。")] == ["电商"]


def test_a_list_closed_by_deng_yewu_names_business_lines() -> None:
    # made-up lines: the first item may hold its clause's words (集甲仓储) and is passed over
    names = [e.name for e in find_industries("已初步形成了集冷链仓储、海藻培育、物流等业务的产业集群。")]
    assert "海藻培育" in names and "物流" in names and not any("冷链仓储" in n for n in names)
    # a quoted first item is passed over too; the lines after it count
    assert [e.name for e in find_industries("兼营“智慧+”、海藻培育等业务。")] == ["海藻培育"]
    # long items are activities, not lines
    assert find_industries("已开展民航飞行员培训及商用飞行驾照培训等业务。") == []


def test_a_weak_term_with_a_product_head_and_a_cue_names_the_product_trade() -> None:
    # the cue after the head (企业, 产业链) names the longer product's trade, as written
    assert [e.name for e in find_industries("当地聚集了多家太阳能电池生产企业。")] == ["太阳能电池"]
    assert [e.name for e in find_industries("重点招引氟化工材料产业链项目。")] == ["氟化工材料"]
    # no cue after the head: a product, no trade
    assert find_industries("推广太阳能电池板。") == []
    assert find_industries("氟化工材料价格上涨。") == []
    # the term's own cue still names the term
    assert [e.name for e in find_industries("当地聚集了多家太阳能企业。")] == ["太阳能"]


def test_the_one_field_a_sentence_places_work_in_is_named_as_written() -> None:
    # 在X领域 with a known term and more inside: the field as written
    assert [e.name for e in find_industries("该公司已在半导体封测领域深耕多年。")] == ["半导体封测"]
    assert [e.name for e in find_industries("基金在光学光电领域投资经验丰富。")] == ["光学光电"]
    # two known terms back to back inside are one field
    assert [e.name for e in find_industries("开启国产软件在办公软件领域的新篇章。")] == ["办公软件"]
    # a word of risk or governance, a phrase with 的: no field
    assert "信用风险" not in {e.name for e in find_industries("在信用风险领域，银行业需要重点关注。")}
    assert find_industries("品牌在高端的零售领域表现突出。") == []


def test_a_mode_of_development_before_an_accepted_term_is_part_of_its_name() -> None:
    # 绿色, 现代, 先进 before an accepted term: the trade as the text names it
    assert [e.name for e in find_industries("做强绿色石化产业，发展现代煤化工产业。")] == ["绿色石化", "现代煤化工"]
    # a manufacturing trade so named keeps its 业
    assert [e.name for e in find_industries("加快发展先进装备制造业。")] == ["先进装备制造业"]
    # the modifier accepts nothing: a weak term after it still needs its cue
    assert find_industries("探索现代金融工具。") == []
    # no modifier, the term alone
    assert [e.name for e in find_industries("发展煤化工产业。")] == ["煤化工"]


def test_a_weak_term_in_brackets_after_an_accepted_one_is_a_trade_too() -> None:
    # the bracket restates or narrows the field before it
    names = [e.name for e in find_industries("促进现代煤化工（精细化工）等产业向园区集聚。")]
    assert "精细化工" in names
    # after a term that is no mention, the bracket accepts nothing
    assert "精细化工" not in {e.name for e in find_industries("化工（精细化工）价格上涨。")}
    # alone, the weak term still needs its cue
    assert find_industries("精细化工原料价格上涨。") == []


def test_two_names_of_one_trade_joined_before_one_suffix_are_one_field() -> None:
    # 石油 and 天然气 are one trade's names: with one suffix after both, one field as written
    assert [e.name for e in find_industries("另外石油和天然气行业各占两席。")] == ["石油和天然气"]
    assert [e.name for e in find_industries("食品和饮料行业交易活跃。")] == ["食品和饮料"]
    # no suffix after the pair: two items as before
    assert "石油和天然气" not in {e.name for e in find_industries("石油和天然气价格上涨。")}


def test_a_field_of_up_to_eight_characters_is_named_less_its_research_word() -> None:
    # 在X领域 of seven or eight characters holding a known term and more
    assert [e.name for e in find_industries("成都在大中型工业无人机领域占据全国约1/3的份额。")] == ["大中型工业无人机"]
    # a research word ending the field is the work done there; the known term left is the field
    assert [e.name for e in find_industries("双方开始在智能网联技术开发领域展开深度合作。")] == ["智能网联"]
    # a research word alone is no field
    assert find_industries("公司在技术领域持续投入。") == []


def test_a_group_head_followed_by_the_firms_name_describes_the_firm() -> None:
    text = "日本化妆品集团资生堂发布财报。"
    # LAC reads a name starting right after 集团 (资生堂): the head describes the firm, whose trade is named
    assert [e.name for e in find_industries(text, names_at=frozenset({text.index("资生堂")}))] == ["化妆品"]
    # no name after the head: 化妆品集团 is part of an institution's name, as before
    assert find_industries(text) == []
    assert find_industries("化妆品集团发布财报。", names_at=frozenset({7})) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("集团继续推进传统燃油汽车业务的发展。", ["燃油汽车"]),  # the kind before it, not the modifier
        ("资生堂集团的旅游零售业务主要通过机场销售。", ["旅游零售"]),
        ("东风汽车集团有限公司旗下零部件业务板块即将上市。", ["零部件"]),  # 旗下: possession
        ("全年快递业务量6.9亿件。", []),  # a volume a bulletin counts
        ("邮政业务收入3.2亿元，电信业务收入30亿元。", []),  # statistics classes: bulletin items
        ("为探索实景娱乐业务，公司投资建设主题公园。", ["实景娱乐"]),  # a kind before the class: a line
    ],
)
def test_a_weak_term_before_a_line_head_is_a_firms_line(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


def test_the_kind_before_a_line_is_read_from_lacs_nouns_where_given() -> None:
    text = "马斯克预测能源业务将增超五成。"
    # LAC reads 预测 as a verb here: no noun ends where 能源 starts
    assert [e.name for e in find_industries(text, nouns={})] == ["能源"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("历史分析能力，向环保、电网、交通、保险和新零售等天气敏感行业提供服务。", "环保"),
        ("作为专注于智能短交通和服务类机器人领域的创新企业。", "智能短交通"),
    ],
)
def test_a_preposition_opening_a_list_is_no_part_of_its_first_item(text: str, name: str) -> None:
    names = [e.name for e in find_industries(text)]
    assert name in names and not any(n.startswith(("向", "于")) for n in names)


def test_an_alias_is_named_as_written_where_its_name_is_only_inside_another_name() -> None:
    text = "拟吸收合并东风汽车零部件集团。零部件集团的零部件业务将整体注入上市公司。"
    assert [e.name for e in find_industries(text)] == ["零部件"]


def test_a_list_of_lines_closed_by_each_of_its_businesses_names_them() -> None:
    names = [e.name for e in find_industries("公司消费电子、通信以及汽车等各项业务进展顺利。")]
    assert names == ["消费电子", "通信", "汽车"]


def test_units_of_an_organisation_are_no_lines() -> None:
    assert find_industries("分别设立了整车制造、业务总部、关键零部件等核心业务单元。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("严格限制钢铁、水泥、石化、化工、有色等行业中的高污染项目。", ["石化", "化工"]),
        ("本市承接的民用航空发动机与燃气轮机等产业项目。", ["航空发动机", "燃气轮机"]),
        ("新能源汽车和电动汽车", ["新能源汽车", "电动汽车"]),
    ],
)
def test_an_alias_listed_beside_its_name_is_a_field_of_its_own(text: str, expected: list[str]) -> None:
    names = [e.name for e in find_industries(text)]
    assert all(n in names for n in expected)


def test_aliases_listed_without_their_name_keep_it() -> None:
    text = "烟台生物医药逐步形成了涵盖生物药、化学药、现代中药、医疗器械等研发、制造的全产业链体系。"
    assert not {"生物药", "化学药", "现代中药"} & {e.name for e in find_industries(text)}


@pytest.mark.parametrize(
    ("text", "name", "firm"),
    [
        ("全球最大啤酒制造商百威英博收购南非米勒。", "啤酒", "百威英博"),
        ("连锁快餐巨头麦当劳发布业绩。", "快餐", "麦当劳"),
    ],
)
def test_a_trade_before_a_firms_role_and_its_name_is_the_firms_trade(text: str, name: str, firm: str) -> None:
    names_at = frozenset({text.index(firm)})
    assert name in [e.name for e in find_industries(text, names_at=names_at)]
    # the role alone, with no name after it, is no cue
    assert name not in [e.name for e in find_industries(text.replace(firm, "公司"))]


@pytest.mark.parametrize(
    "text",
    [
        "社会事业蓬勃发展。教育、科技、文化、卫生等领域取得新进步。",
        "两地将继续在经济、贸易、科技、文化、金融、人才、教育等领域开展合作。",
        # public works and investment as whole items: areas of public investment or of use
        "主要涉及交通（含铁路、高速公路、机场、轨道交通）、能源、水利、工业、农业、城乡建设等多个领域。",
        "一批轨道交通、高速公路、污水处理、垃圾处理等领域PPP项目获批。",
        "提高人民币在贸易、投资和金融市场等领域的可自由使用程度。",
    ],
)
def test_a_field_list_with_a_domain_of_public_life_names_no_trade(text: str) -> None:
    # 科技, 经济, 人才 as whole items (industries/society_domains.txt): areas of policy or cooperation
    assert find_industries(text) == []


def test_a_field_list_of_trades_still_counts() -> None:
    # whole items only: 数字经济 is a field, not the domain 经济
    names = [e.name for e in find_industries("紧盯合成生物、数字经济、总部楼宇经济等领域，做实产业链招商。")]
    assert "数字经济" in names


def test_the_umbrella_named_with_its_mode_counts_as_the_umbrella_does() -> None:
    text = "打造先进制造业集群。先进制造业较快增长。制造业投资增长。"
    assert "先进制造业" in [e.name for e in find_industries(text)]


def test_a_term_starting_inside_a_verbal_word_is_no_mention() -> None:
    from services.extract.industries import _straddling
    from services.extract.industry_terms import _hits
    from services.extract.ner import LacWord

    text = "规模化工业应用实现零的突破"
    hits = _hits(text, load_resources())
    words = [LacWord("规模化", "vn", 0, 3), LacWord("工业", "n", 3, 5)]
    assert hits and [t for _, _, t in _straddling(text, hits, words)] == [None] * len(hits)
    # a term at a word's start, or inside a noun (高端装备|制造), stays
    text = "化工行业增长"
    hits = _hits(text, load_resources())
    assert _straddling(text, hits, [LacWord("化工", "n", 0, 2)]) == hits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # insurance lines by their short names (GB/T 4754 68's classes)
        ("由于车险低迷，公司依赖健康险维持增长。", ["车险", "健康险"]),
        # green fuels: weak, named in a list closed by 等…产业集群
        ("推动绿氢、绿氨、绿色甲醇等产业集群落地。", ["绿氢", "绿氨", "绿色甲醇"]),
        # an output figure per year (年产值) is a cue as 产值 is
        ("南繁种业年产值突破180亿元。", ["种业"]),
        # a count of a trade's firms (N家X公司)
        ("11家航空公司开始免征燃油附加费。", ["航空"]),
        # a 等…产业 list of two items, one known: the other is a trade too
        ("围绕大宗商品、生物医药等重点产业推动创新。", ["大宗商品", "生物医药"]),
    ],
)
def test_lines_fuels_yearly_output_counted_firms_and_two_item_lists(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


def test_a_weak_term_before_a_firm_word_without_a_count_is_no_mention() -> None:
    assert find_industries("航空公司开始免征燃油附加费。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list of qualities (…等特点) names no trade
        ("该船具有高安全性、节能环保等特点。", []),
        ("发展节能环保等产业。", ["节能环保"]),
        # one known term whole before 等…领域
        ("聚焦数字经济等重点领域，开展引领性探索。", ["数字经济"]),
        # an idiom (各行各业) holds no trade
        ("“互联网＋”广泛融入各行各业。", []),
    ],
)
def test_qualities_one_item_field_lists_and_idioms(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


def test_a_strong_term_before_a_product_head_and_its_cue_names_the_product() -> None:
    assert [e.name for e in find_industries("兰州新区的一家新能源材料企业正在试生产。")] == ["新能源材料"]


def test_a_term_in_an_incubators_name_is_no_mention() -> None:
    assert find_industries("嘉兴壹贰叁柒智能制造孵化器获认定。") == []


def test_a_field_list_of_research_results_names_no_trade() -> None:
    # …等领域实现新突破 (industries/research_results.txt): research and engineering topics
    assert find_industries("载人航天、火星探测、资源勘探、能源工程等领域实现新突破。") == []
    # the result in a later clause says nothing of the list
    names = [e.name for e in find_industries("涉及合成生物、数字经济、总部楼宇经济等领域，今年实现突破。")]
    assert "数字经济" in names


def test_a_weak_term_in_a_list_of_technologies_names_no_trade() -> None:
    names = [e.name for e in find_industries("但随着大数据、人工智能等新技术在数字营销领域的运用。")]
    assert names == ["人工智能"]
    # a list of research fields is not one of technologies: its members are trades
    names = [e.name for e in find_industries("国家高新区已布局量子信息、人形机器人、下一代互联网等前沿领域。")]
    assert "人形机器人" in names


def test_a_company_profiles_business_field_lists_its_lines() -> None:
    # an announcement's profile of a party: 主营业务： then lines in chunks split by ；
    text = "注册资本：15亿元\n主营业务：乳制品的生产、加工销售；畜牧饲养；冷冻饮品、软饮料的生产加工销售等。\n"
    names = [e.name for e in find_industries(text)]
    assert names == ["乳制品", "畜牧饲养", "冷冻饮品", "软饮料"]
    # activities after a line are no part of its name; a technology is no line
    names = [e.name for e in find_industries("主营业务：建材生产与销售\n")]
    assert names == ["建材"]
    names = [e.name for e in find_industries("主营业务：石油天然气勘探开发，新技术的引进吸收\n")]
    assert names == ["石油天然气"]
    # an unknown item that the chunk does not say is made or sold is no line (a service, an asset)
    names = [e.name for e in find_industries("主营业务：公路国有林地的经营管理；景区客运；林业\n")]
    assert names == ["林业"]
    # the accounts of the business are no field
    assert find_industries("公司主营业务收入增长12%。") == []


def test_the_firm_before_its_line_is_no_kind_of_the_trade() -> None:
    names = [e.name for e in find_industries("一旦发生食品安全事故，将对公司乳制品业务产生重大影响。")]
    assert names == ["乳制品"]
    names = [e.name for e in find_industries("旅游零售业务增长。")]
    assert names == ["旅游零售"]


def test_a_grade_before_a_trade_with_its_own_head_opens_its_name() -> None:
    names = [e.name for e in find_industries("在广东，新一代信息通信集群已形成全球最完备的产业链。")]
    assert names == ["新一代信息通信"]
    # without the trade's head, a grade makes a product (新一代脑机接口系统)
    names = [e.name for e in find_industries("公司发布新一代脑机接口系统。")]
    assert "新一代脑机接口" not in names


def test_a_numeral_opening_a_lists_first_item_is_no_part_of_its_name() -> None:
    text = "为民间投资进入公共服务领域打破“玻璃门”，一批轨道交通、新能源汽车、污水处理等领域PPP项目获批。"
    names = [e.name for e in find_industries(text)]
    assert "轨道交通" in names and "一批轨道交通" not in names


def test_new_energy_vehicles_written_as_vehicles_are_the_trade() -> None:
    names = [e.name for e in find_industries("确定公司成为该项目1包及3包的新能源车辆供应商。")]
    assert names == ["新能源车辆"]


def test_a_classification_name_in_its_2002_spelling_is_named_as_written() -> None:
    # GB/T 4754-2002 joined with 及 what the 2017 edition joins with 和
    names = [e.name for e in find_industries("1）行业分类：有色金属冶炼及压延加工业\n2）用电分类：大工业")]
    assert names == ["有色金属冶炼及压延加工业"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the theme of an honorary designation's name, or of a named event or award
        ("获评全国休闲农业与乡村旅游示范县。", []),
        ("第十二届中国国际航空航天博览会正式开幕。", []),
        ("中国（宜昌）绿色能源发展大会召开。", []),
        ("2家企业荣获中国轻工业数字化转型创新成果一等奖。", []),
        # a fair named by its trade alone is no event's name: the trade stays
        ("在一次汽车行业博览会上结识了他。", ["汽车"]),
        ("大力发展乡村旅游产业，建设示范点。", ["乡村旅游"]),
    ],
)
def test_a_trade_in_a_designations_or_events_name_is_its_theme(text: str, expected: list[str]) -> None:
    assert [e.name for e in find_industries(text)] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the short forms news writes for a GB/T 4754-2017 class (industries/class_aliases.tsv)
        ("炼油与化工板块经营利润158.37亿元，同比下降。", "炼油"),  # 251 精炼石油产品制造
        ("2017年公司养猪业务继续保持稳健发展。", "养猪"),  # 0313 猪的饲养
        ("京东方是合肥最早通过投资引入培育的显示屏企业。", "显示屏"),  # 3974 显示器件制造
        ("过去一年，其创投业务确实值得期待。", "创投"),  # 6731 创业投资基金
    ],
)
def test_a_classs_short_form_names_its_trade_with_a_cue(text: str, name: str) -> None:
    assert name in [e.name for e in find_industries(text)]


def test_a_classs_short_form_alone_names_no_trade() -> None:
    assert find_industries("国内原油加工量增长，炼油厂开工率回升，养猪户增收。") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # fields of their own beside 智能网联汽车 and 消费电子 (industries.tsv, strong)
        ("重点加强新能源汽车、智能汽车研发与配套。", "智能汽车"),
        ("集团继续接获智能手机领导品牌厂商的高端旗舰机型订单。", "智能手机"),
    ],
)
def test_named_fields_beside_their_neighbours(text: str, name: str) -> None:
    assert name in [e.name for e in find_industries(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the bare word names the trade wherever news writes it (industries.tsv, strong)
        ("培育国家种业阵型企业1家。", "种业"),
        ("主要提供公铁海联运、国际陆港、仓储分拨、冷链物流、企业总部基地等服务功能。", "冷链物流"),
    ],
)
def test_a_trade_whose_bare_word_always_names_it(text: str, name: str) -> None:
    assert name in [e.name for e in find_industries(text)]


def test_a_counted_list_closed_by_a_conjunction_and_opened_by_an_adverb_names_its_first_item() -> None:
    # 及 inside an item joins its words, 和 closes the list before its last item; the
    # first item opens with an adverb and its verbs (现已培育形成), no part of the name
    text = "现已培育形成黄金、轮胎及汽车零部件、电子信息、机械装备制造和食品加工五大主导产业。"
    names = {name for _, name in found(text)}
    assert {"黄金", "轮胎", "汽车零部件", "电子信息", "食品加工"} <= names


def test_an_industry_word_jieba_reads_as_a_verbal_noun_is_no_verb_opening_the_list() -> None:
    # 服装 is vn in jieba's table: the list opens after 涵盖, not after 服装 (was 加工)
    text = "总投资约8.7亿元，涵盖服装加工、绿色食品加工、现代农业、节能环保等领域。"
    names = {name for _, name in found(text)}
    assert "服装加工" in names and "加工" not in names


@pytest.mark.parametrize(
    "text",
    ["鄂州跨境电商进出口额达273亿元，占全市外贸总量的近八成。", "服务业比重持续提高，跨境电商进出口规模全国第一。"],
)
def test_cross_border_e_commerce_named_bare_is_the_trade(text: str) -> None:
    # strong, as 电子商务 and 电商 are: no cue needed
    assert "跨境电商" in {name for _, name in found(text)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("宁津县五金机械制造业、实木家具制造业、现代农业三大产业共有企业200余家。", "五金机械制造业"),
        ("木业家居产业集群在短短两年间从无到有。", "木业家居"),
    ],
)
def test_two_terms_of_one_length_before_a_suffix_are_one_field(text: str, name: str) -> None:
    assert name in {n for _, n in found(text)}


def test_the_short_form_of_gbt_class_39_is_that_manufacturing_trade() -> None:
    # 计算机、通信和其他电子设备制造业 as statistics notes shorten it; 化工 beside it is listed with it
    names = {n for _, n in found("重工业快速增长主要以化工、电子设备制造业拉动为主。")}
    assert {"化工", "电子设备制造业"} <= names


def test_nbs_classifications_beyond_gbt4754_are_read_by_their_listed_levels() -> None:
    from services.extract.industry_terms import class_terms

    def row(scheme: str, level: str, name: str, parent: str = "") -> dict[str, str]:
        return {"scheme": scheme, "level": level, "code": "", "name": name, "parent": parent}

    rows = [
        row("culture2018", "1", "创意设计服务"),
        row("hightechsvc2018", "1", "研发与设计服务"),
        row("hightechsvc2018", "1", "信息服务"),
        row("digital2021", "2", "互联网金融", "数字要素驱动业"),
        row("digital2021", "2", "信息基础设施建设", "数字要素驱动业"),
        row("digital2021", "2", "数字政府", "数字化效率提升业"),
        # a level class_levels.tsv does not list: its long formal names are no news terms
        row("digital2021", "3", "互联网资讯服务", "互联网相关服务"),
        row("pension2020", "1", "养老照护服务"),
        # a name GB/T 4754 has too keeps the GB/T reading (read first, as written with 业)
        row("culture2018", "2", "广告服务", "文化传播渠道"),
        row("gbt4754", "3", "广告业", "商务服务业"),
    ]
    terms = class_terms({}, rows, {})
    # a category is read as written and by the words before its activity word (服务, 制造)
    assert {"创意设计服务", "创意设计", "研发与设计", "互联网金融"} <= set(terms)
    assert not terms["创意设计"].strong and not terms["互联网金融"].strong
    # but not down to a two-character generic noun (信息服务 -> 信息)
    assert "信息服务" in terms and "信息" not in terms
    # building programmes and government services are no trades (class_not_trades.txt)
    assert "信息基础设施建设" not in terms and "数字政府" not in terms
    assert "互联网资讯服务" not in terms and "养老照护服务" not in terms
    assert terms["广告"].classified


def test_the_classes_of_nbs_classifications_by_their_own_names() -> None:
    # 高技术服务业 (高技术产业(服务业)分类(2018)) is a class as 高技术制造业 is
    assert [e.name for e in find_industries("全省高技术服务业营业收入增长11.2%。")] == ["高技术服务业"]
    # 生产性服务业 (生产性服务业统计分类(2019)) is weak as 现代服务业 is: a list names it
    text = "大力发展现代物流、生产性服务业和跨境电商。"
    assert "生产性服务业" in [e.name for e in find_industries(text)]
    # 研发与设计服务 is written 研发设计 by news; weak, so a cue or list names it
    assert "研发设计" in [e.name for e in find_industries("大力发展研发设计、现代物流等产业。")]
    assert find_industries("公司自主研发设计的新产品。") == []


def test_a_first_list_item_starts_after_the_relative_clause_before_it() -> None:
    # 出台的|煤炭: 的 ends the clause the list's first item follows, as an aspect particle does
    text = "此前出台的煤炭、矿山、油气、建材、电力等行业企业的优惠政策将取消。"
    written = [e.text for e in find_industries(text)]
    assert "煤炭" in written and "的煤炭" not in written


def test_a_statistics_breakdown_names_the_trades_it_lists() -> None:
    # 石化、食品、电力分别增长…: each item grows by its own figure, a breakdown by industry,
    # so its weak terms count (they were named by no rule: no cue, no strong member)
    text = "1—3月，全市石化、食品、电力分别增长7.3%、6.8%、15.8%；生物医药增长10.9%。"
    assert {"石化", "食品", "电力"} <= {e.name for e in find_industries(text)}
    assert {"先进制造业", "现代服务业"} <= {e.name for e in find_industries("先进制造业、现代服务业较快增长。")}
    # an unknown item (投资, 出口) or a product's quantity after the list (产量) names nothing
    assert find_industries("消费、投资、出口分别增长5%、3%、2%。") == []
    assert find_industries("主要产品中，汽车、手机产量分别增长3%、5%。") == []


def test_a_gloss_in_brackets_between_a_term_and_its_head() -> None:
    # X（gloss）产业 / X(gloss)产业链: the head after the bracket is the term's cue
    assert [e.name for e in find_industries("该县猕猴桃（红心）产业规模扩大。")] == ["猕猴桃"]
    assert [e.name for e in find_industries("茶叶(白茶)产业链方面，引进加工项目。")] == ["茶叶"]
    # a bracket with no head after it is no cue
    assert find_industries("茶叶（白茶）价格上涨。") == []


def test_a_counted_list_opened_by_yi_of_yi_wei() -> None:
    # 以X、Y…为主体的N大…产业: 以 governs the list, no item holds it
    text = "形成以竹笋、茶叶、烟叶为主体的三大特色产业。"
    assert [e.text for e in find_industries(text)] == ["竹笋", "茶叶", "烟叶"]


def test_deep_processing_of_farm_products_and_vr() -> None:
    # 农产品深加工 is the trade 农产品加工 (GB/T 4754 13 农副食品加工业) written with 深
    text = "签约项目涉及新能源、新材料、农副产品深加工等领域。"
    assert "农副产品深加工" in [e.name for e in find_industries(text)]
    # VR/AR: the Latin names of 虚拟现实 and 增强现实, weak (VR显示屏 is a product)
    assert [e.text for e in find_industries("做大VR产业。")] == ["VR产业"]
    assert find_industries("生产VR显示屏。") == []


def test_machinery_manufacturing_is_the_machinery_trade() -> None:
    # 机械制造: news' name of the machinery trade (GB/T 4754 34/35), weak as 机械 is
    text = "纺织、食品、机械制造和新材料产业成为全县的支柱产业。"
    assert "机械制造" in [e.name for e in find_industries(text)]
    assert find_industries("机械制造过程中的误差。") == []


def test_a_breakdown_runs_through_its_semicolons() -> None:
    # 制造业…；采矿业…；电力、热力…: clauses of one breakdown sentence, the umbrella counts
    text = "上半年，制造业增长3.1%，拉动全县规上工业2个百分点；采矿业增加值下降4.2%；电力、热力生产和供应业下降1.5%。"
    assert "制造业" in [e.name for e in find_industries(text)]
    # a sentence of its own names no breakdown
    assert "制造业" not in [e.name for e in find_industries("制造业稳步发展。采矿业增加值下降4.2%。")]


def test_public_services_and_works_are_no_fields() -> None:
    # 公共服务, 公共基础设施: what a government provides, no trade's field
    text = "涵盖产业升级、公共基础设施、生态环保、社会民生等重点领域。"
    assert "公共基础设施" not in [e.name for e in find_industries(text)]


def test_a_policy_item_in_an_opened_list_is_passed_over() -> None:
    # 重点发展…: 公共服务 is no field, the list's other short names still are
    names = [e.name for e in find_industries("东区重点发展会展会务、总部经济、公共服务。")]
    assert "总部经济" in names and "公共服务" not in names


def test_a_list_closed_by_deng_and_a_larger_count_is_read_as_uncounted():
    # 等 says the items are some of the N: the count need not match, and most members being
    # known names the others as an uncounted 等…行业 list does
    found = [
        e.name for e in find_industries("园区形成了纺织服装、轻纺针织、五金机械、电子信息、食品饮料等12大类行业。")
    ]
    assert "轻纺针织" in found
    assert "电子信息" in found


def test_a_list_closed_by_deng_and_a_count_still_needs_known_members():
    found = [e.name for e in find_industries("全镇形成了商标材料、腈纶毛毯、轻纺针织等15大类行业。")]
    assert found == []


def test_a_time_word_before_a_list_s_first_item_is_no_part_of_its_name():
    found = [e.name for e in find_industries("上周煤炭、石油石化、电力设备等行业整体呈上行趋势。")]
    assert "煤炭" in found
    assert "上周煤炭" not in found


@pytest.mark.parametrize(
    "text, wrong, right",
    [
        ("从行业看，像制造业、建筑业等第二产业的复工率较高。", "像制造业", "制造业"),
        ("覆盖如游戏、办公、传媒影视、医疗、金融等行业。", "如游戏", "游戏"),
    ],
)
def test_like_before_a_list_s_first_item_is_no_part_of_its_name(text: str, wrong: str, right: str) -> None:
    # 像/如 ("such as") open the list, as a preposition does
    found = [e.name for e in find_industries(text)]
    assert right in found
    assert wrong not in found
