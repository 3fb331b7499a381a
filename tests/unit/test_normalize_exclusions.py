"""Numbers that are not metrics."""

import pytest

from services.normalize import figures

NOT_METRICS = [
    "2023年2月,全国",  # dates
    "2017 年,园区",
    "二〇二三年",
    "第二十四届论坛",  # ordinals
    "排名前10名",
    "5G基站,麒麟980芯片",  # models and names
    "G60科创走廊,TOP50榜单",
    "700M频段",
    "2.0 升级版",
    "“465”现代产业体系",
    "“三次创业”",
    "加快形成长三角科创共同体",  # 三角 in 长三角
    "一家龙头企业,一批新药,一个平台",  # determiner one
    "联系电话:0755-83456789",  # debris
    "网址www.abc.com/2023/12.html",
    "《2024长三角区域协同创新指数》",
    "汽车及零部件",
    "十三五规划,十四五时期",
    "二期将建设组装厂;三期将实现",
    "三省一市,三大体系",
    "1997-2017 年",
    "5+2 天天有活动",
]


@pytest.mark.parametrize("text", NOT_METRICS)
def test_not_a_metric(text):
    assert figures.extract(text) == []


@pytest.mark.parametrize(
    "text,metric_text",
    [
        ("拥有9座GDP万亿城市", "9座"),  # a Latin letter after a CJK unit glues nothing
        ("共有 152 家园区", "152 家"),
        ("突破一批技术,培育1家企业", "1家"),
        ("建成两座基地", "两座"),
        ("共17 期", "17 期"),
    ],
)
def test_still_a_metric(text, metric_text):
    assert [m.text for m in figures.extract(text)] == [metric_text]


@pytest.mark.parametrize("text", ["统筹推进五位一体总体布局", "提供7×24小时服务", "一成不变", "向上百尺竿头"])
def test_more_not_metrics(text):
    assert figures.extract(text) == []


@pytest.mark.parametrize("text", ["推动二次开发", "二类医疗器械"])
def test_er_is_not_a_count(text):
    assert figures.extract(text) == []


def test_liang_is_a_count():
    assert [m.value for m in figures.extract("开展两次调研")] == [2]


@pytest.mark.parametrize(
    "text",
    [
        "浏览次数:1234次",
        "阅读量：1.2万次 点赞：300个",
        "第1页 共3页",
        "正文。\n相关文章\n某公司上半年营收188亿元\n",
    ],
)
def test_debris_is_not_a_metric(text):
    assert figures.extract(text) == []


def test_source_word_inside_a_sentence_is_not_debris():
    assert [m.text for m in figures.extract("该项目收入来源于3家企业。")] == ["3家"]


# A headline-list tail left in the text (the segment stage normally cuts it):
# no figure after its heading, whatever the heading's wording.
@pytest.mark.parametrize("heading", ["相关稿件", "往期精选", "【相关新闻】", "▶ 推荐阅读：", "热点推荐"])
def test_no_figures_after_a_teaser_heading(heading):
    text = f"全年产值增长12%。\n{heading}\n· 某地订单突破60万单\n"
    assert [m.text for m in figures.extract(text)] == ["12%"]


# Scraping debris the cleaning normally removes, left in the text: a file
# name, a participation widget, a ranking tail. Their numbers are no metrics;
# the same words inside a sentence stay figures.
@pytest.mark.parametrize(
    "debris",
    [
        "名词解释（共28条）.pdf",
        "附件：统计公报.pdf（1.36MB）",
        "已有0人参与",
        "网友评论 共128人投票",
        "24小时排行\n1 某地GDP增长5.8%\n2 24小时营业的便利店",
        "热门排行\n某市新增企业300家",
    ],
)
def test_debris_figures_are_not_metrics(debris):
    text = f"全年产值增长12%，这是正文。\n{debris}\n"
    assert [m.text for m in figures.extract(text)] == ["12%"]


@pytest.mark.parametrize(
    "text,metric_text",
    [
        ("截至目前，已有300人参与。", "300人"),
        ("全省县域经济排行榜中，5个县进入前列。", "5个"),
    ],
)
def test_debris_words_in_sentences_stay(text, metric_text):
    assert [m.text for m in figures.extract(text)] == [metric_text]


def test_file_names_are_blocked_as_before_when_sought_only_with_an_extension() -> None:
    """blocked_spans reads file names only in a text that holds an extension
    (issue #15: _FILE_NAME tried a 60-character run at every position of a
    text with no blank); its spans are the pattern's own."""
    import random

    from services.normalize import exclusions

    rnd = random.Random(15)
    pieces = [
        "公报",
        ".pdf",
        ".PDF",
        ".docx",
        ".pdfa",
        "（1.36MB）",
        "(共28条)",
        "12%",
        "1万元",
        " ",
        "，",
        "\n",
        "x",
        ".",
    ]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        plain = [m.span() for m in exclusions._FILE_NAME.finditer(text)]
        assert (exclusions._FILE_EXTENSION.search(text) is not None) or not plain, text
        assert [s for s in exclusions.blocked_spans(text) if s in plain] == plain, text
    assert (0, 6) in exclusions.blocked_spans("公报.pdf，2023年")
