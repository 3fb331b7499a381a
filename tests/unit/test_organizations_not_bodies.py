"""Kinds of name that are no organization whoever proposes them (LAC, the
second model, a gazetteer): a country's generic body, the firms of a board,
a club a figure admits to, a company's department named by its function, a
trade's term, an accounting item (organizations.filters._not_a_body)."""

from __future__ import annotations

import pytest

from services.extract.ner import analyse
from services.extract.organizations import not_a_mention
from services.extract.recognisers import organizations_of


def _rejected(text: str, name: str) -> bool:
    start = text.index(name)
    return not_a_mention(text, start, start + len(name), analyse(text))


@pytest.mark.parametrize(
    "text, name",
    [
        ("两名知情的印度政府官员表示，该公司计划扩大生产。", "印度政府"),
        ("由于中国政府对激进并购活动的管控，海航出售资产。", "中国政府"),
        ("印度法院已取消冻结该公司账户的决定。", "印度法院"),
        ("据韩国军方消息，当天发射了一枚导弹。", "韩国军方"),
    ],
)
def test_a_country_named_alone_before_a_generic_head_is_no_body(text: str, name: str) -> None:
    assert _rejected(text, name)


@pytest.mark.parametrize(
    "text, name",
    [
        ("印度财政部表示将调查此事。", "印度财政部"),
        ("特拉华法院驳回了该诉讼。", "特拉华法院"),
        ("北交所发布新规。", "北交所"),
        ("铁道部批准了该项目。", "铁道部"),
        ("商务部新闻发言人表示。", "商务部"),
        ("天府天使投资人俱乐部每年引导投资。", "天府天使投资人俱乐部"),
    ],
)
def test_named_bodies_of_those_heads_stay(text: str, name: str) -> None:
    assert not _rejected(text, name)


@pytest.mark.parametrize(
    "text, name",
    [
        ("分析师认为，北交所公司整体估值偏低。", "北交所公司"),
        ("科创板企业研发投入持续增长。", "科创板企业"),
    ],
)
def test_the_firms_of_a_board_are_no_body(text: str, name: str) -> None:
    assert _rejected(text, name)


@pytest.mark.parametrize(
    "text, name",
    [
        ("2019年成功跻身“GDP万亿俱乐部”。", "GDP万亿俱乐部"),
        ("其身家突破2000亿美元，加入2000亿美元富豪俱乐部。", "富豪俱乐部"),
    ],
)
def test_a_club_a_figure_admits_to_is_no_body(text: str, name: str) -> None:
    assert _rejected(text, name)


@pytest.mark.parametrize(
    "text, name",
    [
        ("他曾在兵器装备集团担任财务部预算处副处长。", "财务部"),
        ("会议由执行董事主持，政企业务部总裁做汇报。", "政企业务部"),
        ("公司人力资源部负责人表示将扩招。", "人力资源部"),
    ],
)
def test_a_department_named_by_its_function_is_no_body(text: str, name: str) -> None:
    assert _rejected(text, name)


@pytest.mark.parametrize(
    "text, name",
    [
        ("截至2022年底太阳能产能规模已达70GW。", "太阳能"),
        ("尤其在集成电路、新能源汽车两大领域拥有优势。", "集成电路"),
        ("公司投资15亿元建设协作机器人华中生产基地。", "机器人"),
    ],
)
def test_a_trades_term_is_no_body(text: str, name: str) -> None:
    assert _rejected(text, name)


def test_an_accounting_item_is_no_body() -> None:
    text = "公司主营业务收入同比增长12%，净利润下降。"
    assert _rejected(text, "主营业务收入")
    assert "主营业务收入" not in {e.name for e in organizations_of(text)}


@pytest.mark.parametrize(
    "text",
    [
        "新华社华盛顿6月1日电 美国商务部1日公布的数据显示，美国5月份零售销售环比增长0.5%，好于市场预期。",
        "据新华社华盛顿电，美国商务部公布的数据显示，美国5月份零售销售环比增长0.5%，好于市场预期。",
    ],
)
def test_a_wire_datelines_agency_is_cut_from_its_place(text: str) -> None:
    names = {e.name for e in organizations_of(text)}
    assert "新华社" in names
    assert not {n for n in names if n.startswith("新华社") and n != "新华社"}
    assert not {n for n in names if n.startswith("华盛顿")}


def test_an_outlets_whole_name_before_a_dateline_stays() -> None:
    text = "中国日报网12月28日电（信莲）近日，CNBC根据Dealogic的数据排列出今年全球十大并购交易，涉及科技、医药等行业。"
    assert "中国日报网" in {e.name for e in organizations_of(text)}


@pytest.mark.parametrize("name", ["信托公司", "基金公司", "期货公司", "租赁公司", "担保公司", "物流公司", "汽车企业"])
def test_a_financial_or_trade_kind_of_firm_is_no_body(name: str) -> None:
    text = f"{name}业绩分化，行业集中度进一步提升。"
    assert _rejected(text, name)
    assert name not in {e.name for e in organizations_of(text)}


@pytest.mark.parametrize(
    "text, name", [("中信信托业绩增长。", "中信信托"), ("顺丰物流公司宣布扩建仓库。", "顺丰物流公司")]
)
def test_a_named_firm_of_those_trades_stays(text: str, name: str) -> None:
    assert not _rejected(text, name)


@pytest.mark.parametrize(
    "text, name",
    [
        ("5月14日，记者从自治区林业厅了解到，全区油茶种植面积持续扩大。", "自治区林业厅"),
        ("由自治区旅游发展委员会冠名的旅游专列正式开行。", "自治区旅游发展委员会"),
    ],
)
def test_a_department_of_an_unnamed_region_is_no_body(text: str, name: str) -> None:
    assert name not in {e.name for e in organizations_of(text)}


def test_a_department_of_a_named_region_stays() -> None:
    text = "5月14日，记者从广西壮族自治区林业厅了解到，全区油茶种植面积持续扩大。"
    assert "广西壮族自治区林业厅" in {e.name for e in organizations_of(text)}


@pytest.mark.parametrize(
    "text, name",
    [
        ("仅次于1999年英国电信巨头沃达丰集团以1720亿美元收购德国移动网络提供商曼内斯曼。", "英国电信"),
        ("仅次于1999年英国电信巨头沃达丰集团以1720亿美元收购德国移动网络提供商曼内斯曼。", "移动网络"),
        ("美国健康保险巨头Anthem于7月底宣布收购信诺。", "健康保险"),
    ],
)
def test_a_trade_before_a_role_and_a_firms_name_is_no_body(text: str, name: str) -> None:
    assert _rejected(text, name)


def test_a_firm_before_a_relation_stays() -> None:
    text = "苹果供应商富士康计划在印度扩大生产。"
    assert not _rejected(text, "苹果")


def test_the_country_before_a_trade_and_a_role_stays_a_region() -> None:
    text = "沃达丰集团以1720亿美元收购德国移动网络提供商曼内斯曼。"
    found = organizations_of(text)
    assert "移动网络" not in {e.name for e in found if e.type == "organization"}
    assert "德国" in {e.name for e in found if e.type == "region"}


@pytest.mark.parametrize(
    "text, name",
    [
        # a clause's verb run into a kind of firm (中小银行) or a bare head (银行): no firm
        ("引入战略投资者，改善中小银行的财务结构，完善公司治理。", "改善中小银行"),
        ("全国实际使用外资2865.5亿元(不含银行、证券、保险领域数据，下同)。", "不含银行"),
    ],
)
def test_a_verb_run_into_a_kind_of_firm_is_no_body(text: str, name: str) -> None:
    assert name not in {e.name for e in organizations_of(text)}


@pytest.mark.parametrize(
    "text, name", [("建设银行发布公告称，将下调存款利率。", "建设银行"), ("招商银行业绩增长。", "招商银行")]
)
def test_a_bank_named_with_a_verb_stays(text: str, name: str) -> None:
    assert not _rejected(text, name)


@pytest.mark.parametrize(
    "text, name",
    [
        ("在参加十二届全国人大一次会议江苏代表团审议时，他引用了白居易的诗句。", "江苏代表团"),
        ("为组建河北正定县经济顾问团，他向全国知名学者发出100多封信。", "河北正定县经济顾问团"),
        ("南宁市政府考察团一行参观了中关村信息谷。", "南宁市政府考察团"),
    ],
)
def test_a_group_of_people_sent_on_a_visit_or_task_is_no_body(text: str, name: str) -> None:
    assert _rejected(text, name)
    assert name not in {e.name for e in organizations_of(text)}


@pytest.mark.parametrize(
    "text, name",
    [
        ("因为社区初筛加强，方舱医院、火神山、雷神山医院投入使用，呼入量逐渐平稳。", "方舱医院"),
        ("园区内有咖啡馆, 星巴克、西式糕点店、麦当劳等商户。", "西式糕点店"),
        ("县里有妇科医院、正骨医院、五官医院等。", "正骨医院"),
    ],
)
def test_a_kind_of_hospital_school_or_shop_is_no_body(text: str, name: str) -> None:
    assert _rejected(text, name)


@pytest.mark.parametrize(
    "text, name", [("他在协和医院接受治疗。", "协和医院"), ("育才中学的学生参加比赛。", "育才中学")]
)
def test_a_named_hospital_or_school_stays(text: str, name: str) -> None:
    assert not _rejected(text, name)
    assert name in {e.name for e in organizations_of(text)}


def test_a_body_of_many_places_or_a_stations_unsaid_county_is_no_body() -> None:
    # orgs5 fresh text: 各地國資委 (any city's commission), 县电台 (which county is not said).
    from services.extract.organizations.filters import _rejected as rejected

    def at(text: str, name: str) -> bool:
        start = text.index(name)
        return rejected(text, start, start + len(name))

    assert at("截至2017年底，各地国资委共改组组建国有资本投资、运营公司89家。", "国资委")
    assert at("要求各级发改委加快项目审批。", "发改委")
    assert at("县电台、电视台开辟了招商专栏。", "县电台")
    # a named body stays, and so does a company after 各地
    assert not at("国务院国资委印发通知。", "国资委")
    assert not at("浏阳电视台报道了这次签约。", "浏阳电视台")
    assert not at("各地中国银行网点均可办理。", "中国银行")
