"""Measure rules of issue #12's fifth tuning (made-up sentences, no article's):
the stage of a count of projects."""

from __future__ import annotations

from tests.normalize_probe import measure_ids


def _ids(text: str) -> dict[str, str | None]:
    return measure_ids(text, published_at="2024-02-01")


def test_a_stage_verb_in_a_project_counts_measure_names_its_stage():
    got = _ids("新签约亿元以上项目993个。新开工产业项目60个。新竣工亿元以上项目400个。谋划储备亿元以上项目521个。")
    assert got["993个"] == "signed_project_count"
    assert got["60个"] == "started_project_count"
    assert got["400个"] == "completed_project_count"
    assert got["521个"] == "project_count"  # planned, no stage


def test_a_stage_verb_after_the_projects_or_before_the_figure_names_its_stage():
    got = _ids("全年有45个重大产业项目建成投运。分六批集中开工153个建设项目。")
    assert got["45个"] == "completed_project_count"
    assert got["153个"] == "started_project_count"


def test_the_first_stage_verb_written_wins():
    assert _ids("推动39个已签约待开工项目尽快开工。")["39个"] == "signed_project_count"


def test_the_parts_of_a_stages_count_are_that_stages():
    got = _ids("新开工亿元以上项目861个，其中五十亿级项目20个、百亿级项目11个。重点项目30个。")
    assert got["20个"] == "started_project_count" and got["11个"] == "started_project_count"
    assert got["30个"] == "project_count"  # another sentence: no part


def test_a_net_increase_of_a_stock_is_its_increase():
    assert _ids("净增高新技术企业58家。")["58家"] == "high_tech_enterprise_count.increase"


def test_a_light_verb_between_a_measure_and_its_change_is_dropped():
    got = _ids("固定资产投资完成140亿元、增长17.7%。社会消费品零售总额完成60.5亿元、同比增长16%。")
    assert got["17.7%"] == "fixed_asset_investment.growth" and got["16%"] == "retail_sales.growth"


def test_a_measure_written_once_for_urban_and_rural_is_each_parts_in_order():
    got = _ids("城乡居民人均可支配收入分别为76435元和49379元，分别增长6.2%和7.5%。")
    assert got["76435元"] == "urban_per_capita_disposable_income"
    assert got["49379元"] == "rural_per_capita_disposable_income"
    assert got["6.2%"] == "urban_per_capita_disposable_income.growth"
    assert got["7.5%"] == "rural_per_capita_disposable_income.growth"
    # without 分别 the figures are not the parts'
    assert _ids("城乡居民人均可支配收入为76435元。")["76435元"] == "per_capita_disposable_income"


def test_a_baseline_value_and_the_change_after_it_are_the_measure_just_given():
    got = _ids("公司全年营收为976.9亿美元，较上年同期的967.7亿美元增长1%。")
    assert got["967.7亿美元"] == "operating_revenue" and got["1%"] == "operating_revenue.growth"


def test_the_level_a_change_reached_is_the_changes_measure():
    assert _ids("基础设施投资增长34.6%、达526.1亿元。")["526.1亿元"] == "infrastructure_investment"


def test_a_longer_table_form_ending_the_clause_outranks_the_head_after_de():
    got = _ids("归属于上市公司股东的扣除非经常性损益的净利润为4.46亿元，同比下降45.3%。")
    assert got["4.46亿元"] == "net_profit_excl_nonrecurring"
    assert got["45.3%"] == "net_profit_excl_nonrecurring.decline"


def test_short_forms_of_net_profit_excluding_nonrecurring_items():
    assert _ids("扣非后净利为21.4亿元。")["21.4亿元"] == "net_profit_excl_nonrecurring"


def test_a_selling_or_making_verb_ending_a_counts_measure_names_it():
    got = _ids("1月全国乘用车市场零售179.4万辆，同比下降12.1%。1月乘用车生产210.7万辆。家电企业生产空调500万台。")
    assert got["179.4万辆"] == "sales_volume" and got["12.1%"] == "sales_volume.decline"
    assert got["210.7万辆"] == "vehicle_output"  # made, counted in 辆
    # a light verb before it makes it an activity, no output
    assert _ids("投产后，多线切割机500台将投入生产。")["500台"] != "output_volume"


def test_exports_may_be_counted():
    assert _ids("1月乘用车出口40.4万辆。")["40.4万辆"] == "exports"


def test_a_percentage_of_the_shares_is_a_stake():
    got = _ids("二人合计控制甲乙公司46.95%的股份及相应表决权。公司拟发行股票，拿出近1/3的财政收入。")
    assert got["46.95%"] == "share"


def test_measures_listed_before_fenbie_are_the_figures_in_order():
    got = _ids("规上工业增加值、固定资产投资、社会消费品零售总额分别增长7.8%、10%、8.8%。")
    assert got == {
        "7.8%": "industrial_value_added_above_scale.growth",
        "10%": "fixed_asset_investment.growth",
        "8.8%": "retail_sales.growth",
    }
    # as many measures as figures, or nothing changes
    two = _ids("规上工业增加值、固定资产投资分别增长7.8%、10%、8.8%。")
    assert len(set(two.values())) == 1


def test_a_measure_opening_with_dao_wei_keeps_it():
    assert _ids("认真开展招商活动，到位资金290亿元，增长15%。")["15%"] == "investment_attraction.growth"


def test_land_supplied_and_land_quotas_are_land_area():
    got = _ids("全年供地1.5万亩，争取国家专项用地指标1.71万亩。")
    assert got["1.5万亩"] == "land_area" and got["1.71万亩"] == "land_area"


def test_xinzeng_ending_a_measure_is_dropped():
    assert _ids("全盟新能源装机新增623万千瓦。")["623万千瓦"] == "installed_capacity"


def test_a_net_increase_after_its_noun_and_the_total_it_reached():
    got = _ids("规上工业企业净增218家，总数达2898家。")
    assert got["218家"] == "above_scale_enterprise_count.increase"
    assert got["2898家"] == "above_scale_enterprise_count"


def test_short_forms_of_grain_output_tourist_arrivals_and_tourism_revenue():
    got = _ids("预计全年粮食总产65.8万吨。重点监测景区旅游接待人数增长4倍。带动旅游消费218亿元。")
    assert got["65.8万吨"] == "grain_output"
    assert got["4倍"] == "tourist_arrivals.growth"
    assert got["218亿元"] == "tourism_revenue"


def test_the_amount_a_change_went_to_is_the_changes_measure():
    got = _ids("美洲市场的净销售额同比增长7.5%至1185.47亿日元。")
    assert got["7.5%"] == "sales.growth" and got["1185.47亿日元"] == "sales"


def test_a_money_measure_written_right_after_the_amount_names_it():
    got = _ids("甲乙医疗近日完成3.5亿元人民币B轮融资。区里给予最高100万元资助。公司以3亿元的价格出售。")
    assert got["3.5亿元人民币"] == "financing_amount" and got["最高100万元"] == "subsidy"
    assert got["3亿元"] != "financing_amount"  # (的 ends what may name it)


def test_a_negative_figures_sign_is_no_part_of_its_measure():
    assert _ids("受非经常性损益的影响，净利润为-108亿日元。") == {"108亿日元": "net_profit"}


def test_a_deals_amount_is_its_transaction_value():
    got = _ids(
        "甲集团斥资8.45亿美元收购乙品牌。共计作价16.65亿元。今年以来并购交易总额达到4.9万亿美元。交易价格超过480亿美元。"
    )
    assert got["8.45亿美元"] == "transaction_value"  # the amount right before 收购
    assert got["16.65亿元"] == "transaction_value"
    assert got["4.9万亿美元"] == "transaction_value"
    assert got["超过480亿美元"] == "transaction_value"  # a deal's price, not a unit price
    assert _ids("收购乙公司20%的股权。")["20%"] != "transaction_value"  # a stake is no amount


def test_money_raised_is_a_financing_amount():
    got = _ids("甲公司上市就可最多筹资40亿美元。乙基金认缴规模1340亿元。新募集基金的募集金额为297.2亿美元。")
    assert got["40亿美元"] == "financing_amount"
    assert got["1340亿元"] == "financing_amount"  # a fund's subscribed size, not an industry's scale
    assert got["297.2亿美元"] == "financing_amount"


def test_an_area_in_square_metres_is_floor_space_unless_land_or_office():
    got = _ids("现有约12000平方米孵化场地。员工食堂就餐面积约900平方米。园区占地面积22万平方米。规划面积10平方公里。")
    assert got["约12000平方米"] == "building_area"  # no measure named: square metres of floor
    assert got["约900平方米"] == "building_area"  # the generic 面积, not land
    assert got["22万平方米"] == "land_area"  # 占地
    assert got["10平方公里"] == "land_area"  # land is given in square kilometres
    assert _ids("入驻企业可享150平方米办公场地。")["150平方米"] is None  # office space: no row


def test_a_bare_size_beside_a_fund_is_the_funds_size():
    got = _ids(
        "区里设立“甲乙创业天使投资基金”，规模10000万元。设立规模50亿元的现代产业引导基金。电子信息产业规模300亿元。"
    )
    assert got["10000万元"] == "fund_size"
    assert got["50亿元"] == "fund_size"
    assert got["300亿元"] == "industry_scale"  # an industry's, no fund beside it
    assert _ids("基金已投项目20个。\n全市集群规模80亿元。")["80亿元"] == "industry_scale"  # a fund in another sentence


def test_a_power_figure_naming_generation_is_installed_capacity():
    got = _ids("加快推进北部沙漠200万千瓦光伏项目建设。累计装机并网规模超过3.12GW。电池片产能达到70GW。")
    assert got["200万千瓦"] == "installed_capacity"  # a generation type right after it
    assert got["超过3.12GW"] == "installed_capacity"  # 装机 in its measure
    assert got["70GW"] == "production_capacity"  # a capacity to make, named so


def test_an_output_counted_in_vehicles_and_its_paragraphs_changes_are_vehicle_output():
    got = _ids("新工厂投产当年产量突破20万辆。")
    assert got["突破20万辆"] == "vehicle_output"  # 产量 counted in 辆
    got = _ids("本月汽车生产180万辆。本月甲类品牌生产同比下降12%，乙类品牌生产同比增长8%。")
    assert got["12%"] == "vehicle_output.decline"  # the paragraph's output is of vehicles
    assert got["8%"] == "vehicle_output.growth"
    # an output of other things, or another paragraph, keeps output_volume
    assert _ids("本月汽车生产180万辆。\n甲类品牌生产同比下降12%。")["12%"] == "output_volume.decline"
    assert _ids("原煤产量1.37亿吨，增长0.9%。")["0.9%"] == "output_volume.growth"
    # other products' outputs in the vehicles' paragraph stay theirs
    got = _ids("本月汽车生产180万辆。钢材产量同比增长3%。粗钢产量50万吨，增长2%。")
    assert got["3%"] == "output_volume.growth" and got["2%"] == "output_volume.growth"


def test_a_share_of_a_market_is_a_market_share():
    got = _ids("今年甲类汽车销量达50万辆，约占全球市场的40%。乙公司在国内空调市场的占有率达到17%。")
    assert got["40%"] == "market_share"  # not the sales volume's share
    assert got["17%"] == "market_share"  # 占有率, the short form of 市场占有率
    # a share of another whole keeps its part
    assert _ids("今年甲类汽车销量达50万辆，约占全国的40%。")["40%"] == "sales_volume.share"


def test_a_close_or_a_price_changing_at_one_time_is_a_price_change():
    got = _ids("截至今日收盘，甲乙公司A、H股分别收跌2.88%、5.23%。丙丁公司股价一度下跌5%。某指数下跌2.7%。")
    assert got["2.88%"] == "price.decline" and got["5.23%"] == "price.decline"  # a close's change
    assert got["5%"] == "price.decline"  # 一度 between the price and its change
    assert got["2.7%"] != "price.decline"  # an index is no price
    assert _ids("乙公司港股收涨3.1%。")["3.1%"] == "price.growth"


def test_a_grants_amount_before_de_or_per_year_is_a_subsidy():
    got = _ids("对入选的项目给予最高50万元的一次性资助。企业高管最高可获得10万元/年地方贡献补助。")
    assert got["最高50万元"] == "subsidy"  # 的 between the amount and the grant
    assert got["10万元/年"] == "subsidy"  # an amount a year
    # other things worth an amount are no measure of it
    assert _ids("今年要处置2200亿元的不良贷款。")["2200亿元"] != "loans_balance"


def test_gaoda_reaching_as_high_as_leaves_the_measure():
    got = _ids("甲公司本月销量为3万辆，同比增幅高达208.64%。")
    assert got["208.64%"] == "sales_volume.growth"  # 增幅 after 高达 is cut off: a bare change of the sales


def test_a_counts_noun_runs_past_a_comma_of_modifiers_to_its_head():
    got = _ids("培育了甲乙生物等14家生物医药、大健康领域独角兽企业。集团拥有300余家分、子公司。")
    assert got["14家"] == "unicorn_count"  # the head after 、, not 生物医药
    assert got["300余家"] == "enterprise_count"
    # a list of counts is no such phrase
    assert _ids("获评驰名商标1个、省名牌11个。")["1个"] != "unicorn_count"


def test_a_share_whose_part_names_no_measure_is_a_share_of_the_whole():
    got = _ids("甲类车占出口总量的35.9%。乙类游客占游客总量的近七成。")
    assert got["35.9%"] == "exports.share"  # the part is a category of exports
    assert got["近七成"] == "tourist_arrivals.share"
    # a part that names a measure keeps it; no part at all, the figure before's
    got = _ids("工业增加值占地区生产总值的40%。高新技术产业产值1000亿元，占规模以上工业的48.1%。")
    assert got["40%"] == "industrial_value_added.share"
    assert got["48.1%"] == "high_tech_industry_output_value.share"


def test_counts_of_projects_listed_with_one_noun_written_once():
    got = _ids("新开工亿元以上产业项目60个、新落地80个。百亿级项目开工25个、入库21个。")
    assert got["60个"] == "started_project_count" and got["80个"] == "project_count"  # 落地: no stage
    assert got["25个"] == "started_project_count" and got["21个"] == "project_count"
    # the noun written after the second count
    got = _ids("去年开工建设5个百亿级、10个三十亿以上重大工业项目。")
    assert got["5个"] == got["10个"] == "project_count"
    # counts of other things keep their own words
    assert _ids("获评驰名商标1个、省名牌11个。")["11个"] != "project_count"
