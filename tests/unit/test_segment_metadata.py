"""Title and publication date detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.segment.cleaning import clean
from services.segment.metadata import detect_published_at, detect_title

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        (
            "瞭望·治国理政纪事|加快形成长三角科创共同体\n\n发布时间:2024-11-24 09:36:50 来源: sp20241124\n\n正文。",
            "2024-11-24",
        ),
        ("标题\n2022-01-15 10:24  来源：新华网\n正文。", "2022-01-15"),
        ("标题\n2021年04月21日\n正文。", "2021-04-21"),
        ("标题\n2021年4月21日 09:30 来源：人民网\n正文。", "2021-04-21"),
        ("标题\n来源：经济日报 发布日期：2023/02/07\n正文。", "2023-02-07"),
        ("标题\n发布时间：2020.12.01\n正文。", "2020-12-01"),
        ("标题\n作者：张三 时间：2019-06-30\n正文。", "2019-06-30"),
        ("标题\n[2018-09-27]\n正文。", "2018-09-27"),
        ("标题\n\n正文。" + "长段落。" * 50 + "\n发布时间：2024-03-05", "2024-03-05"),  # labelled, at the end
        ("标题\n发布时间:２０２１-07-09 10:30　来源:统计局\n正文。", "2021-07-09"),  # full-width digits
        ("标题\n２０２１年０７月０９日\n正文。", "2021-07-09"),
        ("标题\n发布日期：２０２１／０７／０９\n正文。", "2021-07-09"),
        ("标题\n2021年7月9日 10:20 来源：南方日报\n正文。", "2021-07-09"),
        ("标题\n日期：2021/07/09\n正文。", "2021-07-09"),
        ("标题\n时间：2021.07.09\n正文。", "2021-07-09"),
        ("标题\n公布时间： 2015-12-30\n正文。", "2015-12-30"),
        # a forum's or blog's byline in the header, too long for a date line of its own
        ("标题\n楼主 张三 发表于 2023-04-05 阅读数 1234 回复数 55 只看该作者，倒序浏览\n正文。", "2023-04-05"),
        (
            "标题\n来源：某某区融媒体中心 发布：2023年4月5日 浏览次数：1234 字号：大 中 小，打印本页\n正文。",
            "2023-04-05",
        ),
        # a page date before the story's own wire dateline is a copy's date: the dateline wins
        (
            "标题\n作者： admin 时间：2015-08-31 来源：中国日报网\n中国日报网12月28日电（记者）近日，正文。",
            "2015-12-28",
        ),
        ("标题\n发布时间：2016-01-02\n新华社北京12月31日电 正文。", "2016-01-02"),  # last year's dateline
        ("标题\n发布时间：2025-02-14\n中新网江西广昌2月13日电 正文。", "2025-02-14"),  # filed the day before
        # a print edition's date line: the date, with the page it ran on
        ("标题\n本报记者  张三  李四《人民日报》（2025年06月01日第 01 版）\n正文。", "2025-06-01"),
        ("标题\n经济日报记者 王乐文 方敏 朱佩娴 《经济日报》（2024年3月5日 第A05版面）\n正文。", "2024-03-05"),
        # a tender's deadline is labelled 截止时间, not the page's 时间: the header's date wins
        (
            "采购公告\n2015-01-05 10:13:15\n一、项目名称：实验室工程。\n二、投标截止时间：2014年12月9日17:00\n",
            "2015-01-05",
        ),
        ("标题\n2021-07-09 来源:新华社\n正文。", "2021-07-09"),
        ("标题\n作者：王芳　2021-07-09\n正文。", "2021-07-09"),  # a date in the byline
        ("标题\n更新时间：2021-08-01　发布日期：2021-07-09\n正文。", "2021-07-09"),  # publication wins
        ("标题\n更新时间：2021-07-09\n正文。", "2021-07-09"),  # only an update date
        ("首页 > 新闻 > 正文\n2022年前三季度全区经济运行情况\n发布日期：2022/10/21\n正文。", "2022-10-21"),
        # a long site menu above the header: the header runs to the first paragraph of running text
        (
            "\n".join(f"栏目{i}" for i in range(15)) + "\n标题\n来源：新华社 | 2021-07-09 10:20:33\n"
            "第一段正文说明了全区产业发展的总体情况。",
            "2021-07-09",
        ),
    ],
)
def test_published_at_found(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


@pytest.mark.parametrize(
    "raw",
    [
        "admin4个月前 (09-21)产业地产资讯12\n正文。",  # no year
        "标题\n2021年，全市地区生产总值增长8%。",  # a year in the story
        "标题\n" + "正文。" * 10 + "\n" * 12 + "2020年12月，科技部发布《规划》，2021年4月30日召开会议。",
        "标题\n发布时间：2023-02-30\n正文。",  # not a date
        # 发表于 in the story dates a paper, not the page
        "标题\n" + "正文。\n" * 12 + "该论文发表于2019年3月5日的《自然》杂志",
        # dates a tender notice sets (a longer label ending in 时间/日期), not the page's
        "采购公告\n"
        + "正文。\n" * 12
        + "投标截止时间：2014年12月9日17:00\n开标时间：2014年12月10日\n报名日期：2014-12-01",
        "标题\n" + "\n".join(["段落。"] * 10) + "\n2022-01-15 10:24",  # below the header
        "\n".join(f"栏目{i}" for i in range(40)) + "\n标题\n2021-07-09 10:20\n正文。",  # past the header limit
        "标题\n第一段正文说明了全区产业发展的总体情况。\n"
        + "\n".join(f"第{i}段。" for i in range(10))
        + "\n2021-07-09 10:20",
    ],
)
def test_published_at_not_invented(raw: str) -> None:
    assert detect_published_at(raw) is None


# Web pages saved whole (magic-html benchmark pages, docs/audits/pubdate.md): a
# site's menus, log-in box and share buttons run far past the header's lines
# before the title block; the date is read in the lines right above the story.
_MENU = "\n".join(["首页", "新闻", "体育", "财经", "登录", "扫描成功！", "点击手机上的确认即可登录"] * 6)


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        (
            _MENU + "\n新闻中心\n国内新闻>正文\n城市有轨电车之困：一边争相上马，一边接连叫停\n"
            "2024年05月10日 00:26\n每日经济新闻\n举报\n缩小字体\n"
            "每经记者注意到，多地有轨电车客流持续低迷，一些城市已经叫停了在建或规划中的线路，运营压力越来越大。",
            "2024-05-10",
        ),
        (
            _MENU + "\n网易首页 > 网易号 > 正文\n申请入驻\n租户将车停自家院子要交“资源占用费”？\n"
            "2024-05-13 09:16:04　来源: 北青网-北京青年报\n北京\n"
            "近日，有市民反映，其租住的房屋所在村子要求租户将车停在自家院子里也要缴纳费用，引发不少讨论和关注。",
            "2024-05-13",
        ),
        (
            _MENU + "\n人民网>>经济·科技\n河南着力培育新动能塑造新优势\n本报记者 王乐文 方 敏\n"
            "2024年05月10日06:58 | 来源：人民网－人民日报\n小字号\n"
            "5月9日，国务院新闻办举行“推动高质量发展”系列主题新闻发布会，介绍河南省推动高质量发展的情况。",
            "2024-05-10",
        ),
    ],
)
def test_published_at_in_the_title_block_below_a_long_menu(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


@pytest.mark.parametrize(
    "raw",
    [
        # no paragraph of running text: no title block to read
        _MENU + "\n标题\n2024-05-13 09:16:04\n正文。",
        # a date below the story's first paragraph is the story's or a list's, not the page's
        _MENU
        + "\n标题\n"
        + "近日，有市民反映，其租住的房屋所在村子要求租户将车停在自家院子里也要缴纳费用。" * 2
        + "\n相关推荐\n2024-05-24 10:00",
    ],
)
def test_title_block_date_not_invented(raw: str) -> None:
    assert detect_published_at(raw) is None


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        # the clock glued to the day (sina.cn; stcn.com in tests/dev_dates)
        ("上海证券报：机构看好后市\n2005.08.2605:39\n新浪财经\n正文。", "2005-08-26"),
        ("标题\n2019-09-3007:42 来源：证券时报网 作者：张三\n正文。", "2019-09-30"),
    ],
)
def test_published_at_with_the_clock_glued_to_the_day(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        # a Q&A answer's date below the answer (zhihu pages, magic-html forum set and llm-webkit-mirror)
        ("问题标题\n" + "回答的正文。\n" * 12 + "编辑于 2023-03-01 15:45・IP 属地北京\n赞同 12", "2023-03-01"),
        ("问题标题\n" + "回答的正文。\n" * 12 + "发布于 2024-04-03 09:55・IP 属地重庆", "2024-04-03"),
        # a forum thread's first post, deep in the page
        (
            "帖子标题\n" + "\n".join(f"版块{i}" for i in range(40)) + "\n楼主\n发表于 2024-4-5 23:20:45\n正文。",
            "2024-04-05",
        ),
    ],
)
def test_published_at_from_a_posts_byline_anywhere(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


def test_another_items_date_is_not_the_pages() -> None:
    # a blog platform's latest recommended article above the post's own date (CSDN pages, two repositories)
    head = "为什么 ChatGPT 不火了？\n最新推荐文章于 2024-05-07 22:12:13 发布\nA-肖老师-树谷学院\n"
    assert detect_published_at(head + "于 2024-05-06 15:47:53 发布\n阅读量1.3w\n正文。") == "2024-05-06"
    # … or in its place: the page states no date of its own
    assert detect_published_at("标题\n最新推荐文章于 2024-02-02 22:51:05 发布\nXiao____Q\n阅读量545\n正文。") is None


NOTICE = "关于开展企业申报工作的通知\n各有关单位：\n" + "现将有关事项通知如下，请按要求办理。\n" * 10


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        # a notice or filing with no date above signs off with one below its issuer
        (NOTICE + "特此通知。\n\n某某市工业和信息化局\n2023年4月5日\n", "2023-04-05"),
        (NOTICE + "特此公告。\n某某股份有限公司董事会\n二〇二三年四月五日\n", "2023-04-05"),
        (NOTICE + "特此公告。\n某某学院\n2019-7-11", "2019-07-11"),
        (NOTICE + "某某市人民政府办公室\n二〇二〇年十二月三十一日\n（此件公开发布）\n", "2020-12-31"),
        # a page date above wins over the closing one
        ("采购公告\n2015-01-05 10:13:15\n" + NOTICE + "某某公司\n2014年12月4日\n", "2015-01-05"),
        # not a sign-off: a related-links list, a date in a sentence, a date far above the end
        (NOTICE + "相关阅读\n某某新闻标题 2023-04-05\n", None),
        (NOTICE + "会议定于2023年4月5日召开。\n", None),
        (NOTICE + "某某局\n2023年4月5日\n" + "现将有关事项通知如下。\n" * 5, None),
    ],
)
def test_closing_date_of_a_notice(raw: str, date: str | None) -> None:
    assert detect_published_at(raw) == date


def test_seed_004_published_at() -> None:
    assert detect_published_at(_seed("004")) == "2024-11-24"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seeds_without_a_date(prefix: str) -> None:
    assert detect_published_at(_seed(prefix)) is None


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("000", None),  # starts with the body
        ("001", None),
        ("002", "谋求高质量发展 提升国际竞争力"),
        ("003", "固基础强生态广东高质量推动创新链产业链融合发展"),
        ("004", "瞭望·治国理政纪事|加快形成长三角科创共同体"),
    ],
)
def test_seed_titles(prefix: str, title: str | None) -> None:
    assert detect_title(clean(_seed(prefix))) == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("合肥高新区集成电路产业规模突破千亿元\n2021年，产业规模增长。", "合肥高新区集成电路产业规模突破千亿元"),
        ("只有一段文字，没有标题。", None),
        ("这是正文的第一句。这是第二句。\n第二段。", None),
        ("各地纷纷加码发力，\n第二段。", None),
        ("为什么产业集群重要？\n正文。", None),
    ],
)
def test_title_rules(text: str, title: str | None) -> None:
    assert detect_title(text) == title


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2024-11-24", "2024-11-24"),
        ("2024/11/24", "2024-11-24"),
        ("2024年11月24日", "2024-11-24"),
        ("2024-11-24T09:36:50+08:00", "2024-11-24"),
        ("2024", "2024"),  # not a full date: left as given
        ("yesterday", "yesterday"),
    ],
)
def test_request_date_normalised(given: str, expected: str) -> None:
    from services.segment.metadata import normalize_date

    assert normalize_date(given) == expected


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (
            "您所在的位置：首页 > 数据 > 正文\n\n2022年前三季度全区经济运行情况\n\n发布时间：２０２２-10-21　来源：统计局\n\n前三季度，全区经济稳中有进。",
            "2022年前三季度全区经济运行情况",
        ),
        (
            "新闻中心 >> 财经 >> 正文\n\n2024年全省重点项目名单公布\n\n2024/01/05 09:00 | 浏览：3201\n\n全省共安排重点项目1500个。",
            "2024年全省重点项目名单公布",
        ),
    ],
)
def test_title_after_breadcrumb_starting_with_a_year(raw: str, title: str) -> None:
    assert detect_title(clean(raw)) == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # an app header and a menu above the headline are no titles
        (
            "金华新闻客户端\n\n要闻 | 区域 | 成渝\n\n成渝地区双城经济圈建设提速\n\n今年以来，两地合作项目增至300个。",
            "成渝地区双城经济圈建设提速",
        ),
        (
            "某某日报\n首页｜新闻｜财经｜科技\n▶ 本报记者 张三\n合肥新能源汽车产量增长\n前三季度，合肥新能源汽车产量增长1.2倍。",
            "合肥新能源汽车产量增长",
        ),
        # 原标题 wins over the displayed headline, and goes from the body
        (
            "园区经济再提速\n原标题：苏州工业园区前三季度GDP增长6%\n前三季度，园区实现地区生产总值2600亿元。",
            "苏州工业园区前三季度GDP增长6%",
        ),
        ("正文第一句，产业加快发展。\n第二段。\n（原标题：“专精特新”企业达到120家）", "“专精特新”企业达到120家"),
        # a 原标题 in the related-article tail belongs to another story
        (
            "园区经济再提速\n前三季度，园区实现地区生产总值2600亿元，同比增长6%。\n相关阅读\n原标题：别处的新闻标题在这里",
            "园区经济再提速",
        ),
        # only debris above the body: no title
        ("金华新闻客户端\n要闻 | 区域 | 成渝\n今年以来，两地合作项目增至300个。", None),
        ("中国经济网\n2023年十大科技新闻\n正文，产业加快发展。", "2023年十大科技新闻"),
        ("某某晚报\n某某融媒\n园区企业达到1200家\n正文，产业加快发展。", "园区企业达到1200家"),
        # a column name beside the headline is part of it
        ("瞭望·治国理政纪事|加快形成长三角科创共同体\n正文。", "瞭望·治国理政纪事|加快形成长三角科创共同体"),
    ],
)
def test_title_skips_app_headers_and_menus(raw: str, title: str | None) -> None:
    text = clean(raw)
    assert detect_title(text, raw) == title
    assert "原标题" not in text and "客户端" not in text and "要闻 | 区域" not in text


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        # a two-digit year after a publication label, the clock glued on (self-media platforms)
        ("标题\n某某作者\n发布时间：18-03-0823:16\n正文。", "2018-03-08"),
        ("标题\n发布时间：19-11-25 08:30\n正文。", "2019-11-25"),
        # a law's adoption line under its title; the last date when amendments follow
        (
            "某某决议\n（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）\n正文。",
            "2007-06-29",
        ),
        ("某某条例\n（2001年3月5日国务院令第100号公布 根据2016年2月6日《决定》修订）\n正文。", "2016-02-06"),
        # a date badge: the year above month and day
        ("标题\n2019\n09/07\n19:02\n扬眼\n正文。", "2019-09-07"),
        # a speech's or report's delivery line under its title
        ("政府工作报告\n——2012年3月5日在第十一届全国人民代表大会第五次会议上\n国务院总理 某某\n正文。", "2012-03-05"),
        ("政府工作报告\n第十二届全国人大二次会议，2014年3月5日\n国务院总理 某某\n正文。", "2014-03-05"),
        ("某某讲话\n——在全省经济工作会议上的讲话（2023年2月1日）\n正文。", "2023-02-01"),
        # a broadcast's day heading, the date as eight digits in brackets
        ("# 《新闻联播》（20220325）\n\n### 打造产业集群\n\n正文。", "2022-03-25"),
        ("《人民日报》(20190107)\n标题\n正文。", "2019-01-07"),
        # a notice's fields run onto one long line: a publication label as a field of its own
        (
            "项目名称：某某设备采购 项目编号：HCA2017040 "
            + "一、项目联系方式：项目联系人：某某 " * 4
            + "首次公告日期：2017年07月11日 本次变更日期：2017年07月26日 原公告项目名称：某某设备采购",
            "2017-07-26",
        ),
    ],
)
def test_published_at_other_layouts(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


@pytest.mark.parametrize(
    "raw",
    [
        "标题\n版本号 18-03-08\n正文。",  # a two-digit year with no publication label
        "标题\n发布时间：10-08 12:00\n正文。",  # month, day and clock: no year
        # a bracketed line that ends in no adoption mark
        "某某草案\n（2019年9月7日第十届全国人民代表大会常务委员会第二十八次会议审议）\n正文。",
        "标题\n2019\n全市经济运行平稳。\n正文。",  # a year alone, no month and day below
        # a meeting's date in a sentence, not a delivery line
        "标题\n2023年2月1日，全省经济工作会议召开，会议强调…。\n正文。",
        # eight digits in brackets that are no date, or on a line of running text
        "标题\n项目编号（20221345）\n正文。",
        "标题\n项目编号（20220325）\n正文。",
        # on a long line, a label inside a longer word is no field of its own
        "某某项目" + "，项目进展顺利" * 12 + "，招标公告发布时间：2017年07月11日，请及时关注。",
        "标题\n本次采购（20220325）共收到投标文件五份，经评审确定中标人。\n正文。",
    ],
)
def test_published_at_other_layouts_not_invented(raw: str) -> None:
    assert detect_published_at(raw) is None


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        # a translated post keeps its original's address: the date is in its path only
        (
            "# 黑莓在 Q1 仅售出 270 万部 BB10 手机\n\n"
            "> 原文：<https://web.archive.org/web/https://techcrunch.com/2013/06/28/blackberry-shipped/>\n\n"
            "今天早上早些时候发布的季度收益报告中，黑莓没有公布单个 BB10 设备的销量。",
            "2013-06-28",
        ),
        # a corpus record's url tag (the Sogou news sample), compact date segment
        (
            "<doc>\n<url>http://news.sohu.com/20120611/n345278481.shtml</url>\n<docno>34b8</docno>\n"
            "<contenttitle>证监会：重组中股票异常交易监管将加强</contenttitle>\n<content>证监会近日召开新闻通气会。</content>\n</doc>",
            "2012-06-11",
        ),
        ("标题\n原文链接：http://www.gov.cn/xinwen/2021-03/05/content_5590532.htm\n正文。", "2021-03-05"),
        ("标题\n来源：http://www.ndrc.gov.cn/xwdt/t20170824_523915927.shtml\n正文。", "2017-08-24"),
    ],
)
def test_published_at_from_a_source_urls_path(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


@pytest.mark.parametrize(
    "raw",
    [
        # a link inside running text points at another page
        "标题\n他此前写过关于网络视频的文章（https://techcrunch.com/2010/01/11/online-video/），反响很大。\n正文。",
        # an archive's stamp is no path date
        "标题\n> 原文：<https://web.archive.org/web/20230204115902/http://www.crunchbase.com/person/ak>\n正文。",
        # a URL with no date in its path
        "标题\n原文链接：https://www.example.com/news/12345.html\n正文。",
    ],
)
def test_published_at_source_url_not_invented(raw: str) -> None:
    assert detect_published_at(raw) is None


_COVER = (
    "请务必阅读正文之后的信息披露和法律声明 金融工程研究 证券研究报告 金融工程专题报告 {date} "
    "相关研究 《通往未来的列车——华宝中证科技龙头ETF投资价值分析》2020.07.05 "
    "分析师:冯佳睿 Tel:(021)23219732 证书:S0850512080006 投资要点：以中证500指数为例，"
    "2013.01.25-2024.07.31，策略的年化收益为26.8%。数据截至2020年6月30日。"
)


def test_published_at_on_a_research_reports_cover() -> None:
    # related reports (dotted), a sample period and a data date are not the report's date
    assert detect_published_at(_COVER.format(date="2020年07月07日")) == "2020-07-07"
    # a subtitle's dashes after the date open no range
    raw = "敬请阅读末页的重要说明 证券研究报告 | 金融工程 专题报告 基于企业生命周期的因子有效性分析 2022年02月25日 ——“因时制宜”系列研究之二 正文。"
    assert detect_published_at(raw) == "2022-02-25"


def test_research_cover_date_not_invented() -> None:
    # only a data date (截至…) and cited titles: no report date
    assert detect_published_at(_COVER.format(date="")) is None
    # a news story citing a research report is no cover
    raw = "标题\n某券商发布研究报告称，2023年4月5日起市场回暖，今年以来成交放量。\n正文。"
    assert detect_published_at(raw) is None


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        # the zero typed as a letter O, numerals spaced out, the issuer below the date
        (
            "某某公司第六届董事会决议公告\n正文。\n特此公告。\n二 O 一八年八月十七日\n浙江京新药业股份有限公司董事会\n",
            "2018-08-17",
        ),
        (
            "关于控股股东股份补充质押的公告\n正文。\n特此公告。\n浙江京新药业股份有限公司董事会\n二O一九年一月九日\n",
            "2019-01-09",
        ),
        ("某某章程\n正文。\n浙江京新药业股份有限公司\n二Ｏ一八年十一月二十三日\n", "2018-11-23"),
        # a signatory's line above the date, a PDF page number below it
        ("某某报告正文\n正文。\n浙江京新药业股份有限公司\n董事长：吕钢\n二O一八年十月二十二日\n9\n", "2018-10-22"),
        ("独立董事相关独立意见\n正文。\n独立董事：潘煜双、章武生、范晓屏\n二O一八年八月十六日\n", "2018-08-16"),
    ],
)
def test_published_at_from_a_filings_closing_date(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


@pytest.mark.parametrize(
    "raw",
    [
        # a signature block with the date left blank
        "核查意见\n正文。\n保荐代表人：\n张士利 徐光兵\n财通证券股份有限公司\n年 月 日\n",
        # a deadline's label (a colon, no signatory role) above a date ending the text
        "活动通知\n" + "正文。\n" * 9 + "报名截止：\n2023年4月5日\n",
    ],
)
def test_filing_closing_date_not_invented(raw: str) -> None:
    assert detect_published_at(raw) is None


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        # the issuer and the date run into the notice's last line, glued, spaced or after 特此公告
        ("某某公司重大合同公告\n正文。\n特此公告。\n某某股份有限公司董事会2012 年 5 月 3 日\n", "2012-05-03"),
        ("某某公司中标公告\n正文。\n特此公告。\n某某股份有限公司董事会二○一二年九月十三日", "2012-09-13"),
        ("某某公司公告\n正文。\n某某电脑股份有限公司董 事 会2015 年 2 月 7 日\n", "2015-02-07"),
        (
            "某某公司公告\n正文。\n2、《联合缔约协议》特此公告    某某股份有限公司董事会    2016 年 3 月 11 日\n",
            "2016-03-11",
        ),
    ],
)
def test_published_at_from_an_issuer_and_its_date_on_one_line(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


@pytest.mark.parametrize(
    "raw",
    [
        # a line ending with a date after no issuer, or a date in a sentence of the last lines
        "某某公司公告\n正文。\n工期自 2012 年 6 月 1 日至 2014 年 6 月 30 日\n",
        "某某公司公告\n正文。\n合同由双方于2012年5月3日签订，自签字之日起生效。\n",
        # a span's ends on one short header line are no publication date
        "某某公司业绩预告\n1．业绩预告期间：2015年1月1日至2015年12月31日\n正文。\n",
    ],
)
def test_issuer_date_line_not_invented(raw: str) -> None:
    assert detect_published_at(raw) is None


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        # a dateline with no date on the page: its month and day in the year its paragraph reports
        ("标题\n中新社某地12月27日电 （记者）海关27日通报称，2017年前11月，口岸进出口总额增长。\n正文。", "2017-12-27"),
        ("标题\n新华社某地1月5日电 2019年伊始，多家航空公司宣布调整燃油附加费。\n正文。", "2019-01-05"),
        # a whole year reported in the annual results' season: the dateline is of the next year
        ("标题\n网易科技讯 1月29日消息，某公司今日公布了2015年度业绩预告。\n正文。", "2016-01-29"),
        # a print paper's own dispatch is in the next day's issue
        ("标题\n　　本报某地1月12日电  （记者）记者获悉：2019年，油田完成油气当量4362万吨。\n正文。", "2020-01-13"),
        # a whole year to come (a plan word in its sentence) keeps the dateline in that year
        ("标题\n新华社北京3月5日电 2020年，国内生产总值增长目标为6%左右。\n正文。", "2020-03-05"),
        ("标题\n　本报某地7月4日电  （记者）某省近期举办2022年二季度招商引资签约活动。\n正文。", "2022-07-05"),
        ("标题\n本报某地10月22日电  10月22日至24日，2019年某能源论坛在某地举行。\n正文。", "2019-10-23"),
        # a year in a cited title, ending a span or a goal, or opening one, is not the news's year
        (
            "标题\n新华社某地8月22日电 《三年滚动实施方案（2016－2018年）》印发，2016年将开工项目。\n正文。",
            "2016-08-22",
        ),
        ("标题\n新华社某地7月15日电 2021年上半年，我国经济增长12.7%，到2035年基本实现现代化。\n正文。", "2021-07-15"),
        # no year in its paragraph: the year of the full dates the text writes near its month and day
        ("标题\n新浪财经讯 12月27日消息，周三晚间，多家公司发布公告。\n某公司股东于2017年12月26日减持。", "2017-12-27"),
        ("标题\n新华社某地1月3日电 某公司发布公告。\n公司已于2017年12月30日完成交割。", "2018-01-03"),
        ("标题\n　　本报某地10月28日电  （记者）投资增长。\n2019年10月20日，大会将在某地举办。", "2019-10-29"),
    ],
)
def test_published_at_from_a_dateline_and_the_year_its_paragraph_reports(raw: str, date: str) -> None:
    assert detect_published_at(raw) == date


@pytest.mark.parametrize(
    "raw",
    [
        # no year in the dateline's paragraph: no date (the year is not guessed from the rest)
        "标题\n　　本报某地10月28日电  （记者）前三季度，固定资产投资同比增长15.4%。\n2018年，投资增长。",
        "标题\n新华社某地8月22日电 《三年滚动实施方案（2016－2018年）》已于近日印发。\n正文。",
        "标题\n新华社某地3月5日电 到2025年，全市产值突破万亿元。\n正文。",
        # a date with no dateline's source or mark is no dateline
        "标题\n10月22日，2019年某能源论坛在某地举行。\n正文。",
        # full dates far from the dateline's month and day, or near ones disagreeing on the year, give none
        "标题\n本报某地10月28日电  （记者）投资增长。\n条例自2018年3月1日起施行。",
        "标题\n新华社北京9月30日电 庆祝活动举行。\n1949年10月1日，新中国成立。2019年9月29日，颁授勋章。",
    ],
)
def test_dateline_date_not_invented(raw: str) -> None:
    assert detect_published_at(raw) is None


def test_published_at_from_an_award_notices_date_of_award() -> None:
    # an award notice states no publication date: it is published on its date of award
    raw = (
        "一、项目信息\n项目编号：2019CG010\n项目名称：某服务项目\n联系人：某某\n二、采购单位信息\n"
        "采购单位名称：某局\n三、项目用途：加速服务，服务对象为门户网站。\n四、采购结果\n"
        "招标公告日期：2019年7月25日\n中标日期：2019年8月23日\n中标金额：100万元"
    )
    assert detect_published_at(raw) == "2019-08-23"
    # a date a tender notice sets ahead is no award
    assert detect_published_at(raw.replace("中标日期", "开标时间").replace("招标公告日期", "投标截止时间")) is None
    # a stated publication date comes first
    assert detect_published_at("发布时间：2019-08-26\n中标日期：2019年8月23日\n中标金额：100万元") == "2019-08-26"
