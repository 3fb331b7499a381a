"""Subject rules of the fifteenth tuning (issue #12): collective words of a
league, a prefecture, a county or a banner, and first-person collectives
(我市, 我省), stand for the place of their level named before, as 全市 does."""

from __future__ import annotations

from tests.normalize_probe import Spec, document, measure_ids, subject_names


def _subjects(text: str, specs: list[tuple[str, str, dict]]) -> dict[str, str | None]:
    # a spec flagged park is a park, one with a kind an organization, any other a region
    typed: list[Spec] = [
        (
            t,
            "park" if a.get("park") else "organization" if "kind" in a else "region",
            n,
            {k: v for k, v in a.items() if k != "park"},
        )
        for t, n, a in specs
    ]
    return subject_names(document(text, typed))


_LEAGUE = {"level": "city", "adcode": "152500"}
_COUNTY = {"level": "county", "adcode": "361030"}
_PROVINCE = {"level": "province", "adcode": "510000"}
_BODY = {"kind": "government"}


def test_a_leagues_collective_is_the_league_not_a_body_in_passing():
    # 文旅部 is where a scenic area's application went, inside an earlier clause
    text = "锡林郭勒盟政府工作报告。九曲湾景区创建国家5A级景区上报文旅部，全盟接待游客1630万人次，带动旅游消费218亿元。"
    got = _subjects(text, [("锡林郭勒盟", "锡林郭勒盟", _LEAGUE), ("文旅部", "文化和旅游部", _BODY)])
    assert got["1630万人次"] == "锡林郭勒盟"
    assert got["218亿元"] == "锡林郭勒盟"


def test_a_countys_collective_is_the_county():
    text = "广昌县地处赣东南。试点企业落户工业园区并获得省商务厅认定，全县新增规上工业企业12家。"
    got = _subjects(text, [("广昌县", "广昌县", _COUNTY), ("省商务厅", "江西省商务厅", _BODY)])
    assert got["12家"] == "广昌县"


def test_a_first_person_collective_is_the_place_of_its_level():
    # the park named in the sentence before is one of those counted, not their owner
    text = "四川省农业农村厅发布消息。\n峨眉山市国家现代农业产业园获批创建。截至目前，我省国家现代农业产业园累计创建数达7个。"
    park = {"park": True}
    got = _subjects(
        text,
        [("四川省", "四川省", _PROVINCE), ("峨眉山市国家现代农业产业园", "峨眉山市国家现代农业产业园", park)],
    )
    assert got["7个"] == "四川省"


def test_a_county_named_like_a_collective_is_no_collective():
    # 全州县 is a county of Guangxi: it names itself, it does not stand for a prefecture
    text = "桂林市政府工作报告。全州县新建高标准农田3.2万亩。"
    county = {"level": "county", "adcode": "450324"}
    got = _subjects(text, [("桂林市", "桂林市", {"level": "city", "adcode": "450300"}), ("全州县", "全州县", county)])
    assert got["3.2万亩"] == "全州县"


def test_a_figure_modifying_a_named_work_is_the_works():
    # the company named first builds the station; the capacity is the station's
    text = "雅砻江流域水电开发有限公司介绍，位于雅江县、总装机容量300万千瓦的两河口水电站，概算总投资664.57亿元。"
    company = {"kind": "company"}
    got = _subjects(text, [("雅砻江流域水电开发有限公司", "雅砻江流域水电开发有限公司", company)])
    assert got["300万千瓦"] is None


def test_a_figure_modifying_a_market_is_the_markets():
    text = "悉尼科技大学团队研发了新产品。我们测算，这一新产品对应近3000万吨的潜在废钢加工市场。"
    got = _subjects(text, [("悉尼科技大学", "悉尼科技大学", {"kind": "university"})])
    assert got["近3000万吨"] is None


def test_a_bound_or_a_part_modifying_a_phrase_keeps_its_owner():
    # 10万吨以上的生产基地 is a class of bases the city plans; 30%的汽车市场 a part of a market
    text = "重庆市将建设一批年产能10万吨以上的生产基地。重庆市拥有全国30%的汽车市场。"
    city = {"level": "province", "adcode": "500000"}
    got = _subjects(text, [("重庆市", "重庆市", city), ("重庆市", "重庆市", city)])
    assert got["10万吨以上"] == "重庆市"
    assert got["30%"] == "重庆市"


def _ids(text: str) -> dict[str, str | None]:
    return measure_ids(text)


def test_a_sentence_opening_with_qizhong_breaks_down_the_figure_before():
    got = _ids("2021年政府投资项目完成投资达596.3亿元。其中，交通运输、教育行业分别完成182.4亿元、164.5亿元。")
    assert got["596.3亿元"] == "investment"
    assert got["182.4亿元"] == "investment"
    assert got["164.5亿元"] == "investment"


def test_a_figure_two_sentences_on_is_no_part():
    got = _ids("2021年政府投资项目完成投资达596.3亿元。交通运输行业持续发展。其中，教育行业完成164.5亿元。")
    assert got["164.5亿元"] is None


def test_a_list_of_changes_after_as_many_figures_pairs_with_them_without_fenbie():
    got = _ids("城镇居民人均可支配收入17175元，农村居民人均纯收入5153元，实际增长9.8%和8.5%。")
    assert got["9.8%"] == "urban_per_capita_disposable_income.growth"
    assert got["8.5%"] == "rural_per_capita_disposable_income.growth"


def test_a_list_of_changes_after_figures_of_one_measure_is_not_paired():
    # two values of one measure: the changes are not one each
    got = _ids("全年完成投资达596.3亿元，其中政府投资完成200亿元，增长9.8%和8.5%。")
    assert got["9.8%"] == got["8.5%"]


def test_a_bare_rate_after_a_clause_naming_a_change_is_that_change():
    got = _ids("卫生、教育等民生领域投资大幅增长，增速分别为1.1倍和49.5%。规模以上工业增加值稳步增长，增速为5.2%。")
    assert got["1.1倍"] == "investment.growth"
    assert got["49.5%"] == "investment.growth"
    assert got["5.2%"] == "industrial_value_added_above_scale.growth"


def test_a_bare_rate_after_a_clause_of_another_way_or_with_a_figure_is_not():
    # the clause before falls while the rate is a growth; a clause with a figure is the figure's
    got = _ids("全市房地产开发投资有所下降，增速为3.2%。")
    assert got["3.2%"] != "real_estate_investment.growth"


def test_an_owner_opening_a_sentence_after_a_time_clause_owns_the_figures_after_it():
    # 长沙县 opens its sentence after 今年1—9月，: the next sentences' figures are its,
    # not the title's province
    text = (
        "湖南外贸持续增长\n湖南省商务厅介绍了全省外贸情况。\n"
        "今年1—9月，长沙县实现外贸进出口额83.5亿美元。其中，新增外贸企业327家；96家企业实现外贸业绩倍增。"
    )
    got = _subjects(text, [("湖南", "湖南省", _HUNAN), ("湖南省", "湖南省", _HUNAN), ("长沙县", "长沙县", _CHANGSHA)])
    assert got["96家"] == "长沙县"


_HUNAN = {"level": "province", "adcode": "430000"}
_CHANGSHA = {"level": "county", "adcode": "430121"}


def test_an_outlet_found_as_a_medium_is_a_source_not_an_owner():
    # the weekly is no listed outlet, but the extract stage found it as a medium
    text = "《某某经济周刊》记者梳理发现，在前10名榜单中，浙江各占5个席位。"
    got = _subjects(text, [("某某经济周刊", "某某经济周刊", {"kind": "media"})])
    assert got["5个"] is None


def test_an_entity_in_a_topic_frame_opening_its_sentence_owns_its_figures():
    # 对X而言 makes X the sentence's topic, not an object of 对
    text = "但对建行而言，非标资产中可以在三年过渡期内自然到期的比重为70%，压力不大。"
    got = _subjects(text, [("建行", "建设银行", {"kind": "company"})])
    assert got["70%"] == "建设银行"


def test_an_entity_after_dui_without_a_frame_is_still_an_object():
    text = "某某集团对乙公司增资，持股比例达到51%。"
    got = _subjects(text, [("某某集团", "某某集团", {"kind": "company"}), ("乙公司", "乙公司", {"kind": "company"})])
    assert got["51%"] != "乙公司"


def test_a_price_right_before_a_verb_of_winning_is_what_is_won():
    text = "福州土拍：某某地产有限公司以5.21亿元竞得宗地原大华制扣厂地块，楼面价每平方米14922元。"
    got = _subjects(
        text,
        [
            ("福州", "福州市", {"level": "city", "adcode": "350100"}),
            ("某某地产有限公司", "某某地产有限公司", {"kind": "company"}),
        ],
    )
    assert got["5.21亿元"] is None


def test_a_company_name_with_a_model_code_is_its_product():
    text = "例如，其昇腾芯片的性能超过英伟达A800，提升1.3倍。"
    got = _subjects(text, [("英伟达", "英伟达", {"kind": "company"})])
    assert got["1.3倍"] is None
