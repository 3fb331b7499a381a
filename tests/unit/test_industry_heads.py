"""Industries named by the nouns before 产业/行业 (services/extract/industry_heads.py),
through the industries recogniser with real LAC words."""

from __future__ import annotations

import pytest

from services.extract import recognisers


def _industries(text: str) -> set[str]:
    return {e.name for e in recognisers.entities_of("industries", text) if e.type == "industry"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("眉县猕猴桃产业发展迅速，带动农民增收。", "猕猴桃"),
        ("公司一直聚焦宠物食品行业，营收增长。", "宠物食品"),  # not the dictionary's 食品
        ("全市葡萄酒产业营商环境持续优化。", "葡萄酒"),  # not 葡萄
        ("南陵县大力发展智能物流装备产业。", "智能物流装备"),
        ("作为全球空调行业的领军企业。", "空调行业"),  # two characters: the phrase
    ],
)
def test_a_product_before_the_head_names_the_trade(text: str, name: str) -> None:
    assert name in _industries(text)


@pytest.mark.parametrize(
    "text",
    [
        "把旅游打造成全市的主导产业和特色产业。",  # generic modifiers only
        "该行业竞争激烈，相关产业协同发展。",
        "推进医用同位素产业链建设。",  # a chain, not a trade
        "葫芦丝产业园新入驻企业12家。",  # a park
        "汽车行业协会发布数据。",  # a body
        "推动两地对口合作走深走实，设立深赣产业合作基金。",  # cooperation between places
        "加强两岸产业合作，推动融合发展。",
    ],
)
def test_generic_phrases_chains_parks_and_bodies_name_no_trade(text: str) -> None:
    found = _industries(text)
    assert not found & {"主导", "特色", "该", "相关", "医用同位素", "葫芦丝", "汽车行业"}


def test_a_strong_dictionary_term_inside_the_nouns_keeps_its_canonical_name() -> None:
    found = _industries("蓝色生物医药产业加快发展。")
    assert "生物医药" in found and "蓝色生物医药" not in found
    # 海洋 names a trade of its own (GB/T 4754 中类 海洋服务): two trades back to back
    # are one field, the most specific the text names (the compound rule)
    assert "海洋生物医药" in _industries("海洋生物医药产业加快发展。")


@pytest.mark.parametrize(
    ("text", "name"),
    [("邮电业增长较快。", "邮电"), ("五金、杯壶、智能门业等特色产业。", "智能门业")],
)
def test_a_noun_ending_in_ye_names_its_trade(text: str, name: str) -> None:
    assert name in _industries(text)


def test_words_ending_in_ye_that_are_no_trade() -> None:
    assert not _industries("中小企业发展，就业稳定，物业管理，现代服务业。") & {"中小", "现代服务", "服务"}


@pytest.mark.parametrize(
    ("text", "name"),
    [("全球船舶制造行业迎来上行周期。", "船舶制造"), ("彼时实景娱乐产业热潮刚兴起。", "实景娱乐")],
)
def test_a_verbal_noun_after_a_noun_ends_a_trade(text: str, name: str) -> None:
    assert name in _industries(text)


def test_a_verbal_noun_alone_names_no_trade() -> None:
    assert not _industries("各地加快发展产业，推动管理行业规范。") & {"发展", "管理"}


def test_a_one_character_word_before_a_trade_is_no_part_of_it() -> None:
    # LAC reads 我|国|轨道|交通: the trade is 轨道交通, not 国轨道交通
    names = _industries("我国轨道交通行业处于快速发展时期")
    assert "国轨道交通" not in names and "轨道交通" in names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("临港科技城重点引进以生命产业、智能产业为核心的科创产业集群。", "生命产业"),
        ("临港科技城重点引进以生命产业、智能产业为核心的科创产业集群。", "智能产业"),
        ("眉县猕猴桃产业发展迅速。", "猕猴桃"),  # three characters and more: the trade's word
    ],
)
def test_a_two_character_word_before_the_head_keeps_the_head(text: str, name: str) -> None:
    found = _industries(text)
    assert name in found, found
    assert "生命" not in found and "智能" not in found


@pytest.mark.parametrize(
    "text",
    [
        "领导小组办公室根据园区产业定位，组织专家评审。",  # a park's trades
        "符合科技创新孵化园产业发展规划的新办企业。",
        "公司产品质量、综合技术指标、生产成本行业领先。",  # industry-leading, no trade
        "建设若干老工业基地产业转型升级示范区和示范园区。",  # a base's trades
        "进一步加强两省产业合作，特别是高铁沿线产业转移与对接合作。",  # the places along a line
    ],
)
def test_a_place_run_or_industry_leading_names_no_trade(text: str) -> None:
    assert _industries(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("打造工程机械产业、机电产品产业和现代服务产业的有关项目。", "机电产品"),
        ("打造生命科技产业研讨高地和成果交易平台。", "生命科技"),
    ],
)
def test_a_generic_word_ends_a_name_after_a_noun(text: str, name: str) -> None:
    assert name in _industries(text)


@pytest.mark.parametrize(
    "text",
    [
        "大力发展科技产业。",  # the generic word alone
        "促进园区优势产业集聚。",  # a modifier, not a name's end
        "公司整体产业布局持续优化。",
    ],
)
def test_a_generic_word_alone_or_a_modifier_names_no_trade(text: str) -> None:
    assert _industries(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("通威是全球最大的水产饲料生产企业。", "水产饲料"),
        ("中策橡胶是国内规模最大的轮胎制造企业。", "轮胎"),
    ],
)
def test_the_nouns_before_a_makers_firm_name_its_trade(text: str, name: str) -> None:
    found = recognisers.entities_of("industries", text)
    assert [(e.name, e.text) for e in found if e.type == "industry"] == [(name, name)]


def test_a_maker_word_with_no_noun_before_it_names_no_trade() -> None:
    assert _industries("把手工作坊提升为生产企业。") == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("2017年公司的养鸡业务则经历了低迷，而养鸡业务2018年回升。", "养鸡"),  # a verbal noun alone
        ("个险业务规模持续增长，个险业务结构不断优化。", "个险"),
        ("全国范围内下线顺风车业务。在顺风车业务再次出现问题后。", "顺风车"),
    ],
)
def test_a_line_the_text_reports_on_twice_is_a_trade(text: str, name: str) -> None:
    assert name in _industries(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("市场大跌背景下股票质押业务风险快速上升。", "股票质押"),  # said once: a passing phrase
        ("航天欧华的政企业务毛利率下降，航天欧华政企业务毛利率回升。", "政企"),  # a customer segment
        ("看好其政企全线产品分销业务，扩大全线产品分销业务。", "分销"),  # an activity of a cut line
        # a firm's main business (business_openers.txt), as a bulletin's thresholds write it twice
        (
            "统计范围为年主营业务收入2000万元及以上的批发业企业，年主营业务收入500万元及以上的零售业企业。",
            "主营",
        ),
    ],
)
def test_a_passing_line_a_segment_or_an_activity_is_no_trade(text: str, name: str) -> None:
    assert name not in _industries(text)


def test_places_named_together_are_no_part_of_a_trades_name() -> None:
    # 两地 (generic_heads.txt, scope_words.txt): the scope of the trade, not its name
    names = _industries("今年以来，川渝两地汽车产业发展规模持续扩大。")
    assert "两地汽车" not in names and "汽车" in names


def test_a_firms_segments_are_trades_where_the_text_names_two_or_more() -> None:
    text = "上半年，勘探与生产板块经营利润69亿元；炼油与化工板块经营利润158亿元；销售板块实现经营利润56亿元。"
    assert {"勘探与生产", "炼油与化工", "销售"} <= _industries(text)
    # one segment alone is no report on a firm's segments
    assert "销售" not in _industries("公司销售板块实现经营利润56亿元。")


def test_a_line_of_two_joined_words_is_one_line_two_lines_are_two() -> None:
    text = "手机部件及组装业务的收入约400亿元。手机部件及组装业务作为全球领先的供货商之一。"
    assert "手机部件及组装" in _industries(text)
    text = "充电电池及光伏业务的收入约87亿元。充电电池及光伏业务增长。"
    assert "充电电池及光伏" not in _industries(text)


def test_a_grade_before_the_nouns_of_a_trade_opens_its_name() -> None:
    assert "高端能源装备" in _industries("国家正在打造的成都德阳高端能源装备产业集群，在这里，大中小企业联手共赢。")


def test_the_nation_before_a_trade_is_its_scope() -> None:
    names = _industries("抓住甘肃省获批建设国家中医药产业发展综合试验区等政策机遇。")
    assert "中医药" in names and "国家中医药" not in names


def test_a_trade_named_in_an_awards_name_is_its_theme() -> None:
    found = _industries("2011（第三届）中国塑料管道行业优秀供应商评价推介。")
    assert "塑料管道" not in found
    assert "塑料管道" in _industries("我国塑料管道行业发展迅速，产量增长。")


def test_a_run_ending_in_a_verb_that_takes_the_head_as_its_object_is_a_clause() -> None:
    found = _industries("二期工程定向建设产业金融、人才和科技服务载体，迅速聚集各类创新资源。")
    assert not any(name.endswith("建设") for name in found)
    # a verbal noun that ends a trade's name still does (船舶|制造)
    assert "船舶制造" in _industries("船舶制造行业景气回升。")


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # a scope (县城, 都市圈) and a grade (高层次) before the head, like 县域 and 高端
        ("切实增强县城产业支撑能力，推动城乡融合发展。", "县城产业"),
        ("南昌都市圈产业龙头地位更加突出。", "都市圈"),
        ("引进建设了国家级研究院等一批高层次产业平台项目。", "高层次"),
        # laying out industries is a clause (布局 takes the head as its object)
        ("北部重点布局科技孵化平台，中部布局产业加速平台。", "布局产业"),
        # a run ending in a firm word names the firms' trades, as a park word does the park's
        ("在福州举行三明-福州民营企业产业项目专场推介会。", "民营企业"),
        ("公司充分认可四家控股上市公司产业价值与成长潜力。", "上市公司"),
        # a numeral and a classifier count the trades (LAC reads 个子 as a noun)
        ("把五金机械制造业划分为五金制品、机械制造、电梯及零部件3个子产业。", "个子产业"),
    ],
)
def test_scopes_grades_firms_and_counts_before_the_head_name_no_trade(text: str, wrong: str) -> None:
    assert wrong not in _industries(text)


def test_a_product_before_the_head_still_names_its_trade_beside_a_count() -> None:
    found = _industries("起重机产业近年来逆势成长，形成两大产业集群。")
    assert "起重机" in found


@pytest.mark.parametrize(
    "text",
    [
        "构建现代工业产业体系，增加值占比提高。",  # industry as a whole: no trade
        "以当地优势工业产业为基础。",
    ],
)
def test_industry_as_a_whole_before_the_head_names_no_trade(text: str) -> None:
    assert "工业产业" not in _industries(text)


def test_a_benchmark_before_a_known_trade_is_no_part_of_its_name() -> None:
    found = _industries("打造区域标杆汽车产业综合体。")
    assert "标杆汽车" not in found and "汽车" in found


def test_the_front_of_research_before_the_head_names_no_trade() -> None:
    assert "前沿产业" not in _industries("签约项目涵盖数字经济、新材料等多个前沿产业领域。")


def test_a_pointed_place_before_the_head_is_no_part_of_the_trade() -> None:
    found = _industries("该镇电气产业基础雄厚，企业众多。")
    assert "该镇电气" not in found
    assert "电气产业" in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("椅业是当地的传统产业和支柱产业之一。", "椅业"),  # one word, a one-character stem
        ("大力培育微晶、钢业、超细纤维等新兴产业。", "钢业"),
    ],
)
def test_a_one_character_trade_written_with_ye_names_it(text: str, name: str) -> None:
    assert name in _industries(text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("中国（四川）国际茶业博览会在成都开幕。", "茶业"),  # an event's theme
        ("银行同业竞争加剧，息差收窄。", "同业"),
        ("让群众安居乐业，百业兴旺。", "百业"),
    ],
)
def test_a_ye_word_that_names_no_trade_is_none(text: str, wrong: str) -> None:
    assert wrong not in _industries(text)
