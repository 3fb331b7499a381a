"""Cleaning: a before/after table per step (from the seeds and from other sites'
debris written in their styles), then the whole composition on the seeds and on
a page in another site's style: debris gone, every body sentence still there."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from services.segment import cleaning as c
from services.segment.cleaning import clean, clean_aligned, layout

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# (step, before, after): seed debris first, then other sites' wording.
_B = "园区产值增长12%，新增企业30家。"
CASES = [
    # YAML front matter at the top is metadata
    (c.drop_front_matter, "---\ntitle: 标题\ndate: Mon, 03 Jan 2022 08:00:00 GMT\n---\n" + _B, _B),
    (c.drop_front_matter, _B + "\n---\ntitle: x\n---\n", _B + "\n---\ntitle: x\n---\n"),
    # HTML entities, each decoded as html.unescape reads it
    (c.decode_html_entities, "&ldquo;十四五&rdquo;规划&nbsp;出台", "“十四五”规划\u00a0出台"),
    (c.decode_html_entities, "研发&amp;制造，增速&lt;5%，&gt;3%", "研发&制造，增速<5%，>3%"),
    (c.decode_html_entities, "&#8220;专精特新&#8221;企业&#x4e2d;国", "“专精特新”企业中国"),
    (c.decode_html_entities, "产业链&mdash;&mdash;创新链&hellip;&hellip;", "产业链——创新链……"),
    (c.decode_html_entities, "&#8220专精特新&nbsp中小企业", "“专精特新\u00a0中小企业"),  # ';' left out
    (c.decode_html_entities, "R&D投入，P&G公司，&copy2024，&unknown;", "R&D投入，P&G公司，&copy2024，&unknown;"),
    (c.decode_html_entities, "&amp;nbsp;", "&nbsp;"),  # one level, as html.unescape
    # stray tags
    (c.strip_html_tags, "园区产值增长12%。<br>新增企业30家。<br/>", "园区产值增长12%。\n新增企业30家。\n"),
    (c.strip_html_tags, "<p>第一段。</p><p>第二段。</p>", "\n第一段。\n\n第二段。\n"),
    (
        c.strip_html_tags,
        '<span style="color:red">重点</span>项目<a href="/x">名单</a><img src="a.jpg">',
        "重点项目名单",
    ),
    (c.strip_html_tags, "<script>var a = 1 < 2;</script>正文<!-- ad -->。", "正文。"),
    (c.strip_html_tags, "增速<5%，PM2.5<35微克，<新能源>专题", "增速<5%，PM2.5<35微克，<新能源>专题"),
    # line ends and invisible characters
    (c.normalize_line_ends, "第一段\r\n第二段\r第三段", "第一段\n第二段\n第三段"),
    (c.normalize_line_ends, "产业\u200b集群\ufeff", "产业集群"),
    (c.normalize_line_ends, "30\u00a0亿元", "30 亿元"),
    # NUL, other controls and bidi overrides/isolates/marks go (issue #15); tab and line ends stay
    (c.normalize_line_ends, "增长\x00\x005.6%\x07\x1b\x7f\x9b", "增长5.6%"),
    (c.normalize_line_ends, "\u202e元亿0863\u202c值总产生区地", "元亿0863值总产生区地"),
    (c.normalize_line_ends, "苏州\u2066工业园区\u2069\u200e\u200f\u061c\t产值", "苏州工业园区\t产值"),
    # full-width characters
    (c.unify_fullwidth, "２０２３年增长３０％", "2023年增长30%"),
    (c.unify_fullwidth, "约占全国1／10", "约占全国1/10"),
    (c.unify_fullwidth, "3－5座", "3-5座"),
    (c.unify_fullwidth, "３．５亿元，ＧＤＰ", "3.5亿元，GDP"),
    (c.unify_fullwidth, "一是（一）、：；，", "一是（一）、：；，"),  # Chinese punctuation stays
    (c.unify_fullwidth, "时间：10：30", "时间：10:30"),
    # spun characters
    (c.fix_spun_chars, "抢救心源性猝死蕞有效的院前急救设备", "抢救心源性猝死最有效的院前急救设备"),
    (c.fix_spun_chars, "宠物食品是蕞大的细分市场", "宠物食品是最大的细分市场"),
    (c.fix_spun_chars, "蕞尔小国", "蕞尔小国"),
    # related-article tails
    (
        c.cut_related_tail,
        "正文。" * 80 + "\n\n相关文章\n\n提升产业链自主可控能力\n\n别的文章。",
        "正文。" * 80 + "\n\n",
    ),
    (c.cut_related_tail, "正文。" * 80 + "\n\n推荐内容", "正文。" * 80 + "\n\n"),
    (c.cut_related_tail, "正文。" * 80 + "\n【延伸阅读】\n别处的文章。", "正文。" * 80 + "\n"),
    (c.cut_related_tail, "正文。" * 80 + "\n>> 猜你喜欢：\n别处。", "正文。" * 80 + "\n"),
    (
        c.cut_related_tail,
        "园区生物医药产业持续发力，产值增长15%。\n▼\n往期推荐\n园区发布新政",
        "园区生物医药产业持续发力，产值增长15%。\n▼\n",
    ),
    # ranking tails (24小时排行, 热门排行, a row of them)
    (c.cut_related_tail, "正文。" * 80 + "\n24小时排行\n1 某地GDP增长5.8%\n", "正文。" * 80 + "\n"),
    (c.cut_related_tail, "正文。" * 80 + "\n【热门排行】\n别处。", "正文。" * 80 + "\n"),
    (c.cut_related_tail, "正文。" * 80 + "\n24小时排行 | 本周热点\n别处。", "正文。" * 80 + "\n"),
    (c.cut_related_tail, "正文。" * 80 + "\n点击排行榜\n别处。", "正文。" * 80 + "\n"),
    (
        c.cut_related_tail,
        "正文。" * 80 + "\n全省县域经济排行榜发布，某县位列第3。",
        "正文。" * 80 + "\n全省县域经济排行榜发布，某县位列第3。",
    ),  # a sentence about a ranking: kept
    (c.cut_related_tail, "相关阅读\n" + "正文。" * 80, "相关阅读\n" + "正文。" * 80),  # at the top: navigation
    (
        c.cut_related_tail,
        "正文。" * 80 + "\n相关阅读显示，产业集群加速。",
        "正文。" * 80 + "\n相关阅读显示，产业集群加速。",
    ),
    # navigation crumbs
    (c.drop_nav_crumbs, "当前位置:首页 > 产业地产资讯 > 正文内容\n\n标题", "\n标题"),
    (c.drop_nav_crumbs, "您现在的位置：网站首页 » 新闻中心 » 行业动态\n正文", "正文"),
    (c.drop_nav_crumbs, "首页 > 要闻 > 经济\n正文", "正文"),
    (c.drop_nav_crumbs, "上一篇：苏州工业园区发布新政\n下一篇：无\n正文", "正文"),
    (c.drop_nav_crumbs, "他回到首页，看见了新的通知。", "他回到首页，看见了新的通知。"),
    (c.drop_nav_crumbs, "要闻 | 区域 | 成渝\n正文", "正文"),
    (c.drop_nav_crumbs, "首页｜新闻｜财经｜科技｜房产\n正文", "正文"),
    (c.drop_nav_crumbs, "首页丨本地丨产经丨政务\n正文", "正文"),
    (c.drop_nav_crumbs, "瞭望·治国理政纪事|加快形成长三角科创共同体\n", "瞭望·治国理政纪事|加快形成长三角科创共同体\n"),
    (c.drop_nav_crumbs, "产值 | 1.2万亿 | 5.6%\n", "产值 | 1.2万亿 | 5.6%\n"),  # a table row of figures
    # author/date/source headers
    (c.drop_meta_headers, "admin4个月前 (09-21)产业地产资讯12\n\n正文", "\n正文"),
    (c.drop_meta_headers, "发布时间:2024-11-24 09:36:50 来源: sp20241124\n正文", "正文"),
    (c.drop_meta_headers, "2022-01-15 10:24  来源：新华网  作者：张三\n正文", "正文"),
    (c.drop_meta_headers, "2021年04月21日\n正文", "正文"),
    (c.drop_meta_headers, "来源：经济日报    浏览次数：1024\n正文", "正文"),
    (c.drop_meta_headers, "作者：李四 发布于3小时前\n正文", "正文"),
    (c.drop_meta_headers, "本报记者 李争粉\n正文", "本报记者 李争粉\n正文"),
    (
        c.drop_meta_headers,
        "评论：产业集群要重质\n时间：每周一上午\n正文",
        "评论：产业集群要重质\n时间：每周一上午\n正文",
    ),
    (
        c.drop_meta_headers,
        "时间：2023-05-10 地点：合肥\n数据来源：国家统计局\n正文",
        "正文",
    ),  # bylines name people: kept
    (c.drop_meta_headers, "2021年，该市实现地区生产总值1.2万亿元。", "2021年，该市实现地区生产总值1.2万亿元。"),
    (c.drop_meta_headers, "2023年5月10日 10:30，推进会在合肥召开。", "2023年5月10日 10:30，推进会在合肥召开。"),
    (c.drop_meta_headers, "3小时前，园区发布了新政。", "3小时前，园区发布了新政。"),
    (c.drop_meta_headers, "原标题：合肥新能源汽车产业集群规模突破千亿\n正文", "正文"),
    (c.drop_meta_headers, "正文。\n（原标题：苏州高新区医疗器械产业再提速）", "正文。\n"),
    (c.drop_meta_headers, "报告的原标题：产业集群发展路径，后来改了。", "报告的原标题：产业集群发展路径，后来改了。"),
    # contact lines
    (c.drop_contact_lines, "葛毅明微信号\n产业招商/厂房土地租售:400 0123 021\n正文", "正文"),
    (c.drop_contact_lines, "或微信/手机:135246785151356468684613391219793\n正文", "正文"),
    (c.drop_contact_lines, "请说明您的需求、用途、税收、公司、联系人、手机号,以便快速帮您对接资源。\n正文", "正文"),
    (c.drop_contact_lines, "咨询电话：0512-66881234\n联系邮箱：info@example.com\n正文", "正文"),
    (c.drop_contact_lines, "服务热线 400-800-1234\n正文", "正文"),
    (c.drop_contact_lines, "全市电话用户超过1000万户。", "全市电话用户超过1000万户。"),
    (c.drop_contact_lines, "该平台为企业提供联系人服务，效率提升。", "该平台为企业提供联系人服务，效率提升。"),
    (c.drop_contact_lines, "如需咨询，请拨打联系电话0551-12345678。\n正文", "正文"),
    # a line naming the person to call stays (persons are read from it); one with a form of address goes
    (c.drop_contact_lines, "项目联系人：黄欢\n联系电话：0415-2590966\n正文", "项目联系人：黄欢\n正文"),
    (c.drop_contact_lines, "咨询电话：唐建钊 17711350482\n正文", "咨询电话：唐建钊 17711350482\n正文"),
    (c.drop_contact_lines, "联系人：刘老师 13812345678\n正文", "正文"),
    # QR code / share lines
    (
        c.drop_share_lines,
        "长按/扫一扫加葛毅明的微信号\n\n扫一扫关注公众号\n\n扫描二维码推送至手机访问。\n正文",
        "\n\n正文",
    ),
    (c.drop_share_lines, "分享给朋友:\n分享到：微信 微博 QQ空间\n正文", "正文"),
    (c.drop_share_lines, "【打印本页】【关闭窗口】\n微信扫码关注我们\n正文", "正文"),
    (c.drop_share_lines, "点击上方蓝字关注我们\n正文\n喜欢就点个“在看”吧", "正文\n"),
    (c.drop_share_lines, "为科技创新点赞\n", "为科技创新点赞\n"),
    (c.drop_share_lines, "扫码支付已覆盖全市90%的商户。", "扫码支付已覆盖全市90%的商户。"),
    (c.drop_share_lines, "正文\n下载XX财经APP，看更多深度报道\n金华新闻客户端\n打开APP阅读全文\n", "正文\n"),
    (c.drop_share_lines, "点击关注“宁波日报”\n长按识别二维码\n关注我们\n正文", "正文"),
    (c.drop_share_lines, "本文来自XX新闻APP\n▲点击上方“成都高新”关注我们\n正文", "正文"),
    (c.drop_share_lines, "该平台已上线手机客户端，企业可在线申报。", "该平台已上线手机客户端，企业可在线申报。"),
    (c.drop_share_lines, "园区将持续关注企业诉求，打开发展新空间。", "园区将持续关注企业诉求，打开发展新空间。"),
    # copyright lines
    (
        c.drop_copyright_lines,
        "版权声明:本文由中国产业园区招商网发布,如需转载请注明出处。部份内容收集于网络,如有不妥之处请联系我们删除 13391219793 仅微信\n正文",
        "正文",
    ),
    (c.drop_copyright_lines, "Copyright © 2008-2024 某某网 All Rights Reserved\n京ICP备12345678号\n正文", "正文"),
    (c.drop_copyright_lines, "免责声明：本文仅代表作者观点，不代表本站观点。\n正文", "正文"),
    (c.drop_copyright_lines, "企业未经授权使用他人专利，将被依法追责。", "企业未经授权使用他人专利，将被依法追责。"),
    (c.drop_copyright_lines, "免责声明：" + "本文内容与数据仅供参考，" * 30 + "\n正文", "正文"),
    (c.drop_copyright_lines, "【风险提示】市场有风险，投资需谨慎。\n正文", "正文"),
    (c.drop_copyright_lines, "以上内容仅代表作者个人观点，不构成投资建议，据此操作风险自担。\n正文", "正文"),
    (c.drop_copyright_lines, "以上数据仅供参考。\n", "以上数据仅供参考。\n"),  # one word in a sentence: kept
    # link lines
    (c.drop_link_lines, "本文链接:http://news.021cf.cn/index.php/post/15857.html\n正文", "正文"),
    (c.drop_link_lines, "原文链接：https://mp.weixin.qq.com/s/AbCdEf\nhttps://www.example.com/a/1.html\n正文", "正文"),
    (
        c.drop_link_lines,
        "该平台（网址www.example.gov.cn）已汇聚全省科技资源，服务企业超过3000家，成为区域创新的重要载体。",
        "该平台（网址www.example.gov.cn）已汇聚全省科技资源，服务企业超过3000家，成为区域创新的重要载体。",
    ),
    # attachment lines: file names, 附件 headings and list entries, download buttons
    (c.drop_attachment_lines, "正文。\n相关附件\n名词解释（共28条）.pdf\n", "正文。\n"),
    (c.drop_attachment_lines, "附件下载：某省2024年统计公报.pdf（1.36MB）\n正文", "正文"),
    (c.drop_attachment_lines, "附件1：重点任务分工表\n附件2：项目清单.xlsx\n点击下载\n正文", "正文"),
    (c.drop_attachment_lines, "【附件】\n实施细则.DOCX\n正文", "正文"),
    (
        c.drop_attachment_lines,
        "附件是一份清单。\n企业可登录平台下载申报表。\n",
        "附件是一份清单。\n企业可登录平台下载申报表。\n",
    ),  # sentences: kept
    (c.drop_attachment_lines, "园区3家企业入选（名单见附件）。\n", "园区3家企业入选（名单见附件）。\n"),
    # participation / vote widgets
    (c.drop_widget_lines, "正文。\n已有0人参与\n", "正文。\n"),
    (c.drop_widget_lines, "网友评论　共128人投票　已有3条评论\n正文", "正文"),
    (c.drop_widget_lines, "截至目前，已有300人参与。\n", "截至目前，已有300人参与。\n"),  # a sentence: kept
    (c.drop_widget_lines, "已有1200人参与培训\n", "已有1200人参与培训\n"),  # 参与培训: not the widget
    # tag lines
    (c.drop_tag_lines, "标签: 产业链\n正文", "正文"),
    (c.drop_tag_lines, "关键词：产业集群 高新区\nTags: economy\n正文", "正文"),
    # editor notes
    (c.drop_editor_notes, "…引领示范作用。\n\n【编辑:刘阳禾】", "…引领示范作用。\n\n"),
    (c.drop_editor_notes, "发展势头良好。(责任编辑：王五)", "发展势头良好。"),
    (c.drop_editor_notes, "正文。\n责任编辑：赵六\n校对：钱七", "正文。\n"),
    (c.drop_editor_notes, "正文。[编辑 孙八]", "正文。"),
    (c.drop_editor_notes, "人民日报社（编辑部）发布报告。", "人民日报社（编辑部）发布报告。"),
    # photo credits that name no one
    (c.drop_photo_credits, "(资料图片仅供参考)\n正文", "\n正文"),
    (c.drop_photo_credits, "本版图片来源:本报图库", ""),
    (c.drop_photo_credits, "园区一角（图片来源：网络）\n图片来源：视觉中国\n正文", "园区一角\n正文"),
    (
        c.drop_photo_credits,
        "朱健和在实验线站讲解(2024年4月10日摄) 方喆摄 / 本刊",
        "朱健和在实验线站讲解(2024年4月10日摄) 方喆摄 / 本刊",
    ),
    (c.drop_photo_credits, "图片来源：新华社\n正文", "正文"),
    (c.drop_photo_credits, "（图片来源：受访企业供图）\n摄影：张三\n正文", "\n摄影：张三\n正文"),
    # stock-quote strips
    (c.drop_stock_quotes, "恒驰新能 688739  28.36  +2.15%  成交额 5.82亿  换手率 3.41%\n正文", "正文"),
    (c.drop_stock_quotes, "某某科技(300123.SZ) 今开 12.30 昨收 12.01 振幅 3.2%\n正文", "正文"),
    (c.drop_stock_quotes, "总市值：156亿 市盈率(TTM)：23.5\n正文", "正文"),
    (c.drop_stock_quotes, "腾讯控股 00700.HK -1.36%\n正文", "正文"),
    (c.drop_stock_quotes, "公司总市值达156亿元，市盈率处于行业中位。\n", "公司总市值达156亿元，市盈率处于行业中位。\n"),
    (c.drop_stock_quotes, "全年实现营收增长+12.5%，产值688739万元\n", "全年实现营收增长+12.5%，产值688739万元\n"),
    (c.drop_stock_quotes, "上市公司市值管理\n", "上市公司市值管理\n"),  # one signal: a heading
    (c.drop_stock_quotes, "市值、市盈率双双走高\n", "市值、市盈率双双走高\n"),  # terms without figures: a heading
    (c.drop_stock_quotes, "邮编：310000\n", "邮编：310000\n"),
    # advertising
    (
        c.drop_ad_lines,
        "正文。\n【广告】某某新能源汽车 限时优惠\n推广\n[推广]零元入驻产业园\n广告：招商热线\n正文。",
        "正文。\n正文。",
    ),
    (c.drop_ad_lines, "广告业增加值增长8%。\n推广应用新能源汽车\n", "广告业增加值增长8%。\n推广应用新能源汽车\n"),
    # page controls and end marks inside a line
    (c.drop_inline_marks, "全年产值增长12%。（完）\n【纠错】 【字号 大 中 小】\n", "全年产值增长12%。\n \n"),
    (c.drop_inline_marks, "设立（完）善机制，[我要纠错]", "设立（完）善机制，"),
    # page-jump markers
    (c.drop_page_markers, "▲▲ 上接 1 版\n正文", "正文"),
    (c.drop_page_markers, "产业集群加速崛起（下转第3版）\n", "产业集群加速崛起\n"),
    (c.drop_page_markers, "（上接第二版）\n正文", "正文"),
    # ornament lines
    (c.drop_ornament_lines, "▼\n***\n———\n正文。\n-END-\n（完）", "正文。\n"),
    (c.drop_ornament_lines, "2\n“”\n正文完成了。", "2\n正文完成了。"),
    # commas
    (c.chinese_commas, "7月,聚焦北京、河北", "7月，聚焦北京、河北"),
    (c.chinese_commas, "与深圳“一拍即合”, 11月初", "与深圳“一拍即合”，11月初"),
    (c.chinese_commas, "规模达1,352亿元", "规模达1,352亿元"),
    (c.chinese_commas, "截至2022年,该产业集群", "截至2022年，该产业集群"),
    (c.chinese_commas, "Co., Ltd. and BioGill, Inc.", "Co., Ltd. and BioGill, Inc."),
    (c.chinese_commas, "分别为12,15,18", "分别为12,15,18"),
    # spaces inside figures
    (c.tighten_figures, "截至 2017 年年底,共有 152 家园区", "截至2017年年底,共有152家园区"),
    (c.tighten_figures, "从 3.83 亿元增加到 141.27 亿元", "从3.83亿元增加到141.27亿元"),
    (c.tighten_figures, "已入驻企业 30 余家", "已入驻企业30余家"),
    (c.tighten_figures, "超过 30% 的高新区", "超过30%的高新区"),
    (c.tighten_figures, "(2023 年 9 月26 日摄)", "(2023年9月26日摄)"),
    (c.tighten_figures, "还是 R&D 投入的强度", "还是 R&D 投入的强度"),
    (c.tighten_figures, "400 0123 021", "400 0123 021"),
    # layout
    (c.strip_line_spaces, "  与深圳“一拍即合”\u3000\n  \n正文 ", "与深圳“一拍即合”\n\n正文"),
    (
        c.drop_repeated_paragraphs,
        "同时，尚存在集群产业未纳入本地区产业发展规划的情况。\n\n别的段落。\n\n同时，尚存在集群产业未纳入本地区产业发展规划的情况。\n",
        "同时，尚存在集群产业未纳入本地区产业发展规划的情况。\n\n别的段落。\n\n",
    ),
    (c.drop_repeated_paragraphs, "各地纷纷出台产业政策\n\n各地纷纷出台产业政策\n", "各地纷纷出台产业政策\n\n"),
    (c.drop_repeated_paragraphs, "好。\n好。\n", "好。\n好。\n"),  # too short to call a repeat
    (
        c.join_page_breaks,
        "随着产业结构的调整，生物医药产业园区也已成\n\n为我国生物医药产业集群化发展的主要载体。",
        "随着产业结构的调整，生物医药产业园区也已成为我国生物医药产业集群化发展的主要载体。",
    ),
    (
        c.join_page_breaks,
        "集群发展是必由之路，彰显一个地区或国家的发展水平\n\n平。在高质量发展阶段，产业集群发展重“量”。",
        "集群发展是必由之路，彰显一个地区或国家的发展水平。在高质量发展阶段，产业集群发展重“量”。",
    ),
    (
        c.join_page_breaks,
        "The report was issued by the committee, which met in\nMarch, and adopted it.",
        "The report was issued by the committee, which met in March, and adopted it.",
    ),
    (
        c.join_page_breaks,
        "北京市石景山区发布了《关于加快\n\n推动北京银行保险产业园创新发展的若干措施》,旨在加快发展。",
        "北京市石景山区发布了《关于加快推动北京银行保险产业园创新发展的若干措施》,旨在加快发展。",
    ),
    (
        c.join_page_breaks,
        "杨凌示范区成立以来，同时，园区大力发展\n\n\n\n高新技术产业，其中生物产业作为支柱产业。",
        "杨凌示范区成立以来，同时，园区大力发展高新技术产业，其中生物产业作为支柱产业。",
    ),
    (
        c.join_page_breaks,
        "世界级创新型产业集群加速崛起\n\n位于泰州医药高新区的医疗器械集聚区，规模扩大。",
        "世界级创新型产业集群加速崛起\n\n位于泰州医药高新区的医疗器械集聚区，规模扩大。",
    ),  # a heading
    (
        c.join_page_breaks,
        "新活力:助推国际时尚文化 聚集释放城市活力\n\n从街区升级到嘉会坊,也是转身。",
        "新活力:助推国际时尚文化 聚集释放城市活力\n\n从街区升级到嘉会坊,也是转身。",
    ),
    (
        c.join_page_breaks,
        "二、推动产业链、创新链深度融合\n\n各地加快布局，成效明显。",
        "二、推动产业链、创新链深度融合\n\n各地加快布局，成效明显。",
    ),  # a numbered heading
    (
        c.join_page_breaks,
        "目前，创新联合体总量相对较\n\n位于佛山高新区的广东生物医药产业基地",
        "目前，创新联合体总量相对较\n\n位于佛山高新区的广东生物医药产业基地",
    ),  # a caption does not continue
    (
        c.join_page_breaks,
        "楼市消息一天后从官网撤下，_某某网_某某网\n文｜某刊 王小婧，钟腾飞（实习）\n",
        "楼市消息一天后从官网撤下，_某某网_某某网\n文｜某刊 王小婧，钟腾飞（实习）\n",
    ),  # a writer's credit line (文｜) is no continuation of the title above it
    (c.tidy_blank_lines, "\n\n甲\n\n\n\n乙\n\n", "甲\n\n乙"),
    # pagers in other sites' styles (the interrupted sentence is joined later by join_page_breaks)
    (c.drop_pager_lines, _B + "\n共3页　上一页　1　2　3　下一页\n" + _B, _B + "\n" + _B),
    (c.drop_pager_lines, _B + "\n上一页 1 2 3 下一页\n", _B + "\n"),
    (c.drop_pager_lines, _B + "\n第1页 共3页\n", _B + "\n"),
    (c.drop_pager_lines, _B + "\n首页 上一页 下一页 尾页\n", _B + "\n"),
    (c.drop_pager_lines, _B + "\n[1] [2] 下一页\n", _B + "\n"),
    (c.drop_pager_lines, _B + "\n点击查看下一页>>\n", _B + "\n"),
    (c.drop_pager_lines, _B + "\n« 上一页 1 2 … 8 下一页 » 跳转 页 GO\n", _B + "\n"),
    (c.drop_pager_lines, "下一页：全省工作会议召开\n", "下一页：全省工作会议召开\n"),  # a teaser: nav crumbs' job
    (c.drop_pager_lines, "共有2页说明材料随文印发。\n", "共有2页说明材料随文印发。\n"),
    (c.drop_pager_lines, "1 2 3\n", "1 2 3\n"),  # numbers without a pager word
    # pagers flattened into a line of text
    (
        c.drop_pager_lines,
        "出口356.2亿元，增长共2页 上一页 1 2 下一页2.4倍，占比提高。",
        "出口356.2亿元，增长2.4倍，占比提高。",
    ),
    (c.drop_pager_lines, "投资增长第1页/共3页8%。", "投资增长8%。"),
    (c.drop_pager_lines, "全市共2页材料，上一页内容为概述。", "全市共2页材料，上一页内容为概述。"),
    # headers: a title that starts with a year is not a relative timestamp ("2022年前" is not "3年前")
    (c.drop_meta_headers, "2022年前三季度全区工业运行简况\n", "2022年前三季度全区工业运行简况\n"),
    (c.drop_meta_headers, "5年前的今天，这里还是一片荒地\n", "5年前的今天，这里还是一片荒地\n"),
    (c.drop_meta_headers, "发布者：管理员 3天前 阅读 128\n正文。", "正文。"),
    (c.drop_meta_headers, "2021年7月9日 10:20 来源：南方日报\n正文。", "正文。"),
    (c.drop_meta_headers, "日期：2021/07/09　作者：李明\n正文。", "正文。"),
    (c.drop_meta_headers, "[2021-07-09]\n正文。", "正文。"),
    (c.drop_meta_headers, "更新时间：2021.07.09 14:02\n正文。", "正文。"),
    (c.drop_meta_headers, "作者：王芳　2021-07-09\n正文。", "正文。"),
    (c.drop_meta_headers, "2021-07-09 来源:新华社\n正文。", "正文。"),
    # headline-list tails in more sites' styles: a heading composed of a
    # "related / past / more / recommended" word and an "articles / picks"
    # word, the headlines under it bulleted with ·, •, ▶, ►, ▸, > or 【…】
    (c.cut_related_tail, _B * 3 + "\n\n相关稿件\n\n· 园区召开年中工作会议\n\n· 某市发布产业新政", _B * 3 + "\n\n"),
    (c.cut_related_tail, _B * 3 + "\n往期精选\n▶ 低空经济新赛道\n▶ 储能产业集群加速成形", _B * 3 + "\n"),
    (c.cut_related_tail, _B * 3 + "\n【相关报道】\n【视频】园区新政解读\n【图解】一图读懂产业规划", _B * 3 + "\n"),
    (c.cut_related_tail, _B * 3 + "\n▸ 往期内容 ◂\n• 产业链招商的新打法", _B * 3 + "\n"),
    (c.cut_related_tail, _B * 3 + "\n>> 更多报道：\n> 某县经济半年报", _B * 3 + "\n"),
    (c.cut_related_tail, _B * 3 + "\n延伸报道\n· 新区签约项目总投资超百亿", _B * 3 + "\n"),
    (c.cut_related_tail, _B * 3 + "\n热点新闻 👇\n▶ 某地出台十条措施", _B * 3 + "\n"),
    (c.cut_related_tail, _B * 3 + "\n往期文章推荐：\n► 工业园区的二次创业", _B * 3 + "\n"),
    (c.cut_related_tail, _B * 3 + "\n【相关新闻】园区召开年中工作会议\n· 某市发布产业新政", _B * 3 + "\n"),
    (c.cut_related_tail, _B * 3 + "\n推荐阅读：《低空经济产业发展报告》\n", _B * 3 + "\n"),
    # look-alikes: a heading of the story, a sentence naming a report
    (
        c.cut_related_tail,
        _B * 3 + "\n相关新闻：园区产值增长12%。\n" + _B,
        _B * 3 + "\n相关新闻：园区产值增长12%。\n" + _B,
    ),
    (c.cut_related_tail, _B * 3 + "\n最新进展\n" + _B, _B * 3 + "\n最新进展\n" + _B),
    (c.cut_related_tail, _B * 3 + "\n往期回顾显示，园区产值逐年提高。", _B * 3 + "\n往期回顾显示，园区产值逐年提高。"),
    (c.cut_related_tail, _B * 3 + "\n相关新闻发布会于5月召开\n" + _B, _B * 3 + "\n相关新闻发布会于5月召开\n" + _B),
    # audio and read-time lines (WeChat and app headers)
    (c.drop_read_time_lines, "听全文\u3000约12分钟\n" + _B, _B),
    (c.drop_read_time_lines, "阅读时长：5分钟\n" + _B, _B),
    (c.drop_read_time_lines, _B + "\n预计阅读时间 3 分钟\n" + _B, _B + "\n" + _B),
    (c.drop_read_time_lines, "全文约3200字，阅读约需8分钟\n" + _B, _B),
    (c.drop_read_time_lines, "本文约2,500字 | 预计阅读6分钟\n" + _B, _B),
    (c.drop_read_time_lines, "点击收听本文\n听全文\n" + _B, _B),
    (c.drop_read_time_lines, "字数：3200　阅读时间：8分钟\n" + _B, _B),
    (c.drop_read_time_lines, "人均每日阅读时长达25分钟\n", "人均每日阅读时长达25分钟\n"),
    (
        c.drop_read_time_lines,
        "全民阅读时间增长12%，图书馆到馆5万人次。\n",
        "全民阅读时间增长12%，图书馆到馆5万人次。\n",
    ),
    (c.drop_read_time_lines, "阅读时间\n", "阅读时间\n"),  # a heading without a figure
    (c.drop_read_time_lines, "文 | 张三　阅读时长｜6分钟\n", "文 | 张三\n"),  # the byline stays
    (c.drop_read_time_lines, "原创 某某观察　听全文 约9分钟\n", "原创 某某观察\n"),
    (c.drop_read_time_lines, "人均阅读时长25分钟\n", "人均阅读时长25分钟\n"),
]


@pytest.mark.parametrize(("step", "before", "after"), CASES, ids=[f"{s.name}-{i}" for i, (s, _, _) in enumerate(CASES)])
def test_step_table(step: c.Step, before: str, after: str) -> None:
    assert step(before) == after


def test_every_step_has_cases() -> None:
    tested = {s.name for s, _, _ in CASES}
    assert {s.name for s in c.STEPS} <= tested


def _key(text: str) -> str:
    """A comparison form that ignores the normalisations (spaces, commas, widths)."""
    for step in (c.unify_fullwidth, c.fix_spun_chars, c.chinese_commas):
        text = step(text)
    return "".join(text.split())


def _sentences(text: str) -> list[str]:
    return [s for line in text.split("\n") for s in re.findall(r"[^。！？!?]+[。！？!?]*", line) if s.strip()]


# Per seed: raw lines that are debris (must be gone) — every other raw sentence
# must survive cleaning.
SEED_DEBRIS = {
    "000": ["(资料图片仅供参考)", "推荐内容"],
    "001": ["本版图片来源:本报图库"],
    "002": ["▲▲ 上接 1 版"],
    "003": [
        "当前位置:首页 > 产业地产资讯 > 正文内容",
        "admin4个月前 (09-21)产业地产资讯12",
        "葛毅明微信号",
        "产业招商/厂房土地租售:400 0123 021",
        "或微信/手机:13524678515",
        "请说明您的需求",
        "长按/扫一扫加",
        "扫一扫关注公众号",
        "扫描二维码推送至手机访问",
        "版权声明",
        "本文链接:http://",
        "标签: 产业链",
        "分享给朋友",
        "相关文章",
        "提升产业链自主可控能力",
        "昆明加快编制高端装备",
        "芙蓉国评论",
        "卫星化学上半年营收",
        "中国宠物玩具行业",
        "阿里研究院",
        "产业链上育新才",
        "13391219793",
    ],
    "004": ["发布时间:2024-11-24 09:36:50", "【编辑:刘阳禾】"],
}
SEED_TAIL_START = {"003": "相关文章", "000": "推荐内容"}


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", sorted(SEED_DEBRIS))
def test_seed_debris_is_gone(prefix: str) -> None:
    text = clean(_seed(prefix))
    for debris in SEED_DEBRIS[prefix]:
        assert debris not in text
        assert _key(debris) not in _key(text)


@pytest.mark.parametrize("prefix", sorted(SEED_DEBRIS))
def test_seed_body_sentences_survive(prefix: str) -> None:
    raw = _seed(prefix)
    if prefix in SEED_TAIL_START:
        raw = raw[: raw.index(SEED_TAIL_START[prefix])]
    clean_key = "".join(clean(raw).split())
    debris_lines = [ln for ln in raw.split("\n") if any(d in ln for d in SEED_DEBRIS[prefix])]
    body = "\n".join(ln for ln in raw.split("\n") if ln not in debris_lines)
    missing = [s for s in _sentences(body) if _key(s) not in clean_key]
    assert not missing


@pytest.mark.parametrize("prefix", sorted(SEED_DEBRIS))
def test_seed_has_no_paragraph_twice_and_no_cut_sentence(prefix: str) -> None:
    paragraphs = [p for p in clean(_seed(prefix)).split("\n") if p]
    long = [p for p in paragraphs if len(p) >= layout.DEDUP_MIN_CHARS]
    assert len(long) == len(set(long))
    for prev, nxt in itertools.pairwise(paragraphs):
        assert not layout._is_cut(prev, nxt), (prev[-30:], nxt[:30])


@pytest.mark.parametrize(
    ("prefix", "joined"),
    [
        ("001", "彰显一个地区或国家的发展水平。在高质量发展阶段"),
        ("001", "在医疗器械领域，已取得医疗器械注册证超1300张"),
        ("002", "同时，园区大力发展高新技术产业，其中生物产业"),
        ("002", "生物医药产业园区也已成为我国生物医药产业集群化发展的主要载体"),
        ("002", "发布了《关于加快推动北京银行保险产业园创新发展的若干措施》"),
        ("002", "通过活力社群交流、智能信息交互、潮流生活方式三大核心体系"),
        ("002", "吸纳众多国际国内的新锐企业家与创业者大咖加入"),
    ],
)
def test_seed_page_breaks_are_joined(prefix: str, joined: str) -> None:
    assert joined in clean(_seed(prefix))


@pytest.mark.parametrize(
    ("prefix", "normalised"),
    [
        ("002", "截至2017年年底，共有152家园区布局了生物医药产业"),
        ("002", "园区生产总值从3.83亿元增加到141.27亿元"),
        ("002", "目前已入驻企业30余家"),
        ("003", "抢救心源性猝死最有效的院前急救设备"),
        ("003", "作为粤港澳大湾区最高级别的科学盛会"),
        ("001", "该产业集群总产业规模达1352亿元，约占全国1/9"),
        ("000", "7月，聚焦北京、河北、山东、湖北四地"),
    ],
)
def test_seed_normalisations(prefix: str, normalised: str) -> None:
    assert normalised in clean(_seed(prefix))


@pytest.mark.parametrize("prefix", sorted(SEED_DEBRIS))
def test_clean_is_idempotent_on_seeds(prefix: str) -> None:
    once = clean(_seed(prefix))
    assert clean(once) == once


# A page in other sites' styles: every kind of debris, worded differently.
OTHER_SITE = """您现在的位置：网站首页 » 新闻中心 » 行业动态
上一篇：某市出台新政
合肥高新区集成电路产业规模突破千亿元
2022-01-15 10:24  来源：新华网  作者：张三
字号：大 中 小
　　２０２１年，合肥高新区集成电路产业实现营业收入１０５０亿元，同比增长３０％，约占全省的1／3。
　　园区现有集成电路企业 300 余家, 其中上市企业 12 家。（图片来源：网络）
　　该区负责人表示，下一步将加快建设

　　集成电路设计、制造、封测全产业链。
　　该区负责人表示，园区将继续引进龙头企业，打造千亿级产业集群。
　　该区负责人表示，园区将继续引进龙头企业，打造千亿级产业集群。
蕞新数据显示，全区规上工业增加值增长12.5％。
（责任编辑：王五）
图片来源：视觉中国
本文来源：某某网 版权归原作者所有，如有侵权请联系删除。
原文链接：https://www.example.com/a/1.html
关键词：集成电路 高新区
微信扫码关注我们
联系电话：0551-12345678
分享到：微信 微博 QQ空间
延伸阅读
某省集成电路产业规模达到5000亿元
另一篇文章的正文，产值增长20％。
"""

OTHER_SITE_BODY = [
    "合肥高新区集成电路产业规模突破千亿元",
    "2021年，合肥高新区集成电路产业实现营业收入1050亿元，同比增长30%，约占全省的1/3。",
    "园区现有集成电路企业300余家，其中上市企业12家。",
    "该区负责人表示，下一步将加快建设集成电路设计、制造、封测全产业链。",
    "该区负责人表示，园区将继续引进龙头企业，打造千亿级产业集群。",
    "最新数据显示，全区规上工业增加值增长12.5%。",
]
OTHER_SITE_DEBRIS = [
    "您现在的位置",
    "上一篇",
    "新华网",
    "字号",
    "图片来源",
    "责任编辑",
    "视觉中国",
    "版权",
    "原文链接",
    "关键词",
    "扫码",
    "联系电话",
    "分享到",
    "延伸阅读",
    "5000亿元",
    "另一篇",
    "20%",
]


def test_other_site_page() -> None:
    text = clean(OTHER_SITE)
    for sentence in OTHER_SITE_BODY:
        assert sentence in text
    for debris in OTHER_SITE_DEBRIS:
        assert debris not in text
    assert text.count("打造千亿级产业集群") == 1
    assert text == "\n".join(OTHER_SITE_BODY)


# A finance portal scraped with its HTML half-stripped: entities, tags, a stock
# quote strip, app promotion, a disclaimer.
FINANCE_SITE = """<div class="nav">首页 | 财经 | 股票 | 公司</div>
恒驰新能：上半年营收增长&nbsp;35%&nbsp;储能订单饱满
2024-08-20 08:12&nbsp;&nbsp;来源：某某财经
恒驰新能 688739  28.36  +2.15%  成交额 5.82亿  换手率 3.41%
<p>&ldquo;储能业务已成为公司第二增长曲线。&rdquo;公司董事长王海在业绩说明会上表示。</p>
<p>公司上半年实现营业收入&#x33;2.6亿元，同比增长35%；研发投入2.1亿元&mdash;&mdash;占营收的6.4%。</p><br/>
<p>截至6月末，公司在手订单约&#56;0亿元，市值较年初增长两成，换手率保持平稳。</p>
<span style="color:#999">【广告】储能产业峰会 报名通道开启</span>
下载某某财经APP，看更多深度报道
免责声明：本文内容与数据仅供参考，不构成投资建议，使用前请核实。据此操作，风险自担。
"""
FINANCE_BODY = [
    "恒驰新能：上半年营收增长35%储能订单饱满",  # &nbsp; beside a figure: tightened like a space
    "“储能业务已成为公司第二增长曲线。”公司董事长王海在业绩说明会上表示。",
    "公司上半年实现营业收入32.6亿元，同比增长35%；研发投入2.1亿元——占营收的6.4%。",
    "截至6月末，公司在手订单约80亿元，市值较年初增长两成，换手率保持平稳。",
]

# A county media centre's app page: app header, a menu, 原标题, inline page
# controls, an end mark, photo source, promotion footers.
COUNTY_SITE = """金华新闻客户端
要闻 | 区域 | 成渝
原标题：永康五金产业集群产值突破千亿元
记者 陈晓 通讯员 李明
图片来源：永康市融媒体中心
今年前三季度，永康市五金产业集群实现产值856亿元，同比增长9.2%。【纠错】
推广
该市已培育国家级专精特新“小巨人”企业21家，省级以上研发机构120家。（完）
长按识别二维码
点击关注“金华日报”
打开APP阅读全文
【纠错】 【字号 大 中 小】
"""
COUNTY_BODY = [
    "记者 陈晓 通讯员 李明",  # a byline names people: kept
    "今年前三季度，永康市五金产业集群实现产值856亿元，同比增长9.2%。",
    "该市已培育国家级专精特新“小巨人”企业21家，省级以上研发机构120家。",
]


# A WeChat article exported by a CMS that escaped it twice (&amp;ldquo;), in
# <section> blocks, with a stock box, an ad, 阅读原文 and a disclaimer label on
# its own line followed by the disclaimer.
WECHAT_SITE = """<section>点击上方蓝字 关注我们</section>
<section><strong>苏州工业园区：纳米新材料产业链再延伸</strong></section>
<section>园区纳米新材料企业达到1200家&amp;#xff0c;产值增长&amp;nbsp;18%。</section>
<section>&amp;ldquo;我们把产业链上下游都请进了园区。&amp;rdquo;园区管委会负责人说。</section>
<section>纳微科技 688690 -0.85% 总市值：156亿</section>
<section>[推广] 纳米大会报名中</section>
<section>阅读原文</section>
<section>风险提示</section>
<section>以上内容仅供参考，不构成投资建议。</section>
"""
WECHAT_BODY = [
    "苏州工业园区：纳米新材料产业链再延伸",
    "园区纳米新材料企业达到1200家，产值增长18%。",
    "“我们把产业链上下游都请进了园区。”园区管委会负责人说。",
]


@pytest.mark.parametrize(
    ("page", "body"),
    [(FINANCE_SITE, FINANCE_BODY), (COUNTY_SITE, COUNTY_BODY), (WECHAT_SITE, WECHAT_BODY)],
    ids=["finance", "county", "wechat"],
)
def test_html_and_promo_site_pages(page: str, body: list[str]) -> None:
    aligned = clean_aligned(page)
    assert aligned.text == clean(page)
    assert [line for line in aligned.text.split("\n") if line] == body
    assert "&" not in aligned.text and "<" not in aligned.text


def test_composition_as_strings_equals_aligned_composition() -> None:
    for prefix in SEED_DEBRIS:
        raw = _seed(prefix)
        assert clean_aligned(raw).text == clean(raw)
    assert clean_aligned(OTHER_SITE).text == clean(OTHER_SITE)


def _opcount():  # the module of tests/hostile/opcount.py
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "hostile" / "opcount.py"
    spec = importlib.util.spec_from_file_location("hostile_opcount", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("head", "unit", "k", "tail"),
    [
        ("产", " ", 300_000, "x"),
        ("产", " ", 300_000, ",x"),
        ("", ",, ,  ,", 50_000, ""),
        ("", "\u2001", 300_000, ""),
        ("", "■", 300_000, ""),
        ("", "(", 300_000, ""),
        ("", "&", 300_000, ""),
        ("", "&#", 150_000, ""),
        ("", "<br", 100_000, ""),
        ("", "<!--", 75_000, ""),
        ("", "<script>", 35_000, ""),
        ("|", " ", 300_000, "|"),
        ("原标题：", " ", 300_000, "x"),
        ("", "+", 300_000, "1%"),
    ],
)
def test_no_quadratic_blowup(head: str, unit: str, k: int, tail: str) -> None:
    # Each case took minutes with a quadratic pattern. Counted, not timed:
    # the composition's Python steps on 2,000 and 4,000 units grow with the
    # text (tests/hostile/opcount.py; the patterns' own backtracking is
    # checked by tests/hostile/test_regex_audit.py), and the full-size text
    # gets its clean text (with a quadratic pattern back, it would run into
    # pytest-timeout).
    ugly = head + unit * k + tail
    aligned = clean_aligned(ugly)
    assert aligned.text == clean(ugly) and len(aligned.text) <= len(ugly)
    assert all(0 <= rs <= re_ <= len(ugly) for _, _, rs, re_ in aligned.raw_spans())
    count = _opcount().count
    small = count(lambda: clean_aligned(head + unit * 2000 + tail))
    large = count(lambda: clean_aligned(head + unit * 4000 + tail))
    assert large <= 2.2 * small + 5000, f"{small:,} -> {large:,} steps for twice the text"


GOV_SITE = """首页 > 政务公开 > 工作动态
我市召开先进制造业集群发展推进会
来源：市工业和信息化局   发布时间：2023-06-12 16:30   浏览次数：356
【字体：大 中 小】   【打印】   【关闭】
6月12日，全市先进制造业集群发展推进会召开。会议指出，今年1—5月，全市规模以上工业增加值同比增长８．２％，高于全省平均水平1.5个百分点。
市领导张三、李四出席会议。
扫一扫在手机打开当前页
相关链接：
中国政府网 | 省政府网 | 市政府网
主办单位：某某市人民政府办公室  网站标识码：1234000001  ICP备案号：皖ICP备12345678号
"""

WECHAT = """原创 产业观察 园区头条 2024-03-05 08:00 发表于江苏
点击上方蓝字关注我们
今年以来，苏州工业园区生物医药产业持续发力。数据显示，1-2月园区生物医药产业产值达到１２０亿元，同比增长15%。
▼
往期推荐
园区发布人工智能产业新政
END
编辑 | 李四
喜欢就点个“在看”吧
"""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            GOV_SITE,
            "我市召开先进制造业集群发展推进会\n6月12日，全市先进制造业集群发展推进会召开。会议指出，今年1—5月，"
            "全市规模以上工业增加值同比增长8.2%，高于全省平均水平1.5个百分点。\n市领导张三、李四出席会议。",
        ),
        (
            WECHAT,
            "今年以来，苏州工业园区生物医药产业持续发力。数据显示，1-2月园区生物医药产业产值达到120亿元，同比增长15%。",
        ),
    ],
)
def test_other_site_styles(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # breadcrumb, a title starting with a year, a full-width dated header, a pager cutting a sentence
        (
            "您所在的位置：首页 > 新闻 > 正文\n\n2022年1-9月全市工业经济运行简况\n\n发布日期：２０２２－１０－２１ 来源：市统计局\n\n"
            "全市规模以上工业增加值增长8%，其中出口356.2亿元，增长\n\n共2页 上一页 1 2 下一页\n\n2.4倍，占比提高。\n",
            "2022年1-9月全市工业经济运行简况\n\n全市规模以上工业增加值增长8%，其中出口356.2亿元，增长2.4倍，占比提高。",
        ),
        (
            "首页 > 要闻\n\n2024年全省重点项目名单公布\n\n2024/01/05 09:00 | 浏览：3201\n\n全省共安排重点项目1500个，年度计划投资\n\n"
            "第1页 共2页 [1] [2] 下一页\n\n8000亿元，增长5%。",
            "2024年全省重点项目名单公布\n\n全省共安排重点项目1500个，年度计划投资8000亿元，增长5%。",
        ),
    ],
)
def test_pager_and_dated_title(raw: str, expected: str) -> None:
    assert clean(raw) == expected


# Debris lines in further sites' styles, one list per class: each must vanish
# when it stands between two body paragraphs, and nothing else may change.
FURTHER_SITE_DEBRIS = {
    "nav": [
        "您当前所在位置：政务公开",
        "你现在所在的位置：新闻",
        "当前位置：首页 / 新闻动态 / 园区要闻",
        "首页 > 信息公开 > 政策解读",
        "您的位置: 首页 » 资讯 » 产业",
        "位置：首页>>新闻>>正文",
        "网站首页 | 新闻中心 | 行业动态",
        "首页 - 要闻 - 正文",
    ],
    "meta": [
        "来源：区融媒体中心　　作者：李娜　　时间：2022-08-09",
        "2022-08-09 14:31:05 | 来源：经济参考报 | 阅读：2,305",
        "发布时间：2022年08月09日　来源：本网　点击数：88",
        "时间：2022.08.09 | 浏览量：1024",
        "作者：周涛 | 2022-08-09 09:00",
        "信息来源：市工信局 发布日期：2022-08-09 【字体：大 中 小】",
        "2022年08月09日 09:01 新浪财经",
        "【作者：张伟 】【来源：本站 】【日期：2022-08-09】",
        "发表于 2022-08-09 · 阅读 1.2万",
        "稿件来源：中国经济网 | 2022/8/9",
        "来源 | 某某区投资促进局",
        "作者｜王芳",
    ],
    "contact": [
        "咨询热线：0512-66889900",
        "招商电话：400-800-1234　邮箱：invest@park.cn",
        "联系人：王先生 13912345678",
        "地址：某市某路88号 邮编：215000 电话：0512-68001234",
        "投稿邮箱：news@example.com",
    ],
    "share": [
        "分享：微信 微博 QQ空间",
        "扫描二维码 在手机上阅读",
        "长按二维码关注",
        "点赞 在看 分享",
        "分享到：",
        "【打印】 【关闭】",
        "打印 | 关闭 | 收藏",
        "转发 收藏 点赞",
    ],
    "copyright": [
        "Copyright © 2008-2023 某某网 All Rights Reserved",
        "版权所有：某市人民政府办公室",
        "苏ICP备12345678号-1 苏公网安备32050802010000号",
        "本文来源于网络，如有侵权请联系删除",
        "（本文转自某网，版权归原作者所有）",
        "网站标识码：3205000012",
    ],
    "link": [
        "原文链接：https://mp.weixin.qq.com/s/abc",
        "本文地址：http://www.example.com/news/1.html",
        "阅读原文",
        "http://www.example.gov.cn",
    ],
    "tag": ["标签：新能源 储能 锂电池", "关键词：产业集群；招商引资", "Tags: 储能, 光伏"],
    "editor": [
        "责任编辑：王晨",
        "（编辑：刘洋 校对：陈静）",
        "编辑：李雪 | 审核：王磊",
        "编辑 | 李雪　审核 | 王磊",
        "监制：赵刚 主编：钱丽",
        "[责任编辑:张三]",
        "本期编辑：孙悦",
    ],
    "credit": ["图片来源：网络", "（图片来源：视觉中国）", "图/网络", "资料图"],
    "ornament": ["END", "— THE END —", "▼", "- 完 -", "（完）"],
    "pager": ["共3页: 上一页 [1] [2] [3] 下一页", "< 上一页 1 2 下一页 >", "首页 上页 下页 末页", "第2页/共3页"],
    "prev_next": ["上一篇：园区召开年中工作会议", "下一篇：关于开展2022年度申报的通知", "上一条：某某", "下一条：某某"],
}
_P1 = "全区规模以上工业产值增长9.6%，新增投产项目21个。"
_P2 = "全区固定资产投资增长7.1%，其中工业投资增长15%。"


@pytest.mark.parametrize(("kind", "line"), [(k, ln) for k, lines in FURTHER_SITE_DEBRIS.items() for ln in lines])
def test_further_site_debris_goes(kind: str, line: str) -> None:
    assert clean(f"{_P1}\n\n{line}\n\n{_P2}") == f"{_P1}\n\n{_P2}"


# Look-alikes of those debris classes that are story text and stay.
@pytest.mark.parametrize(
    "line",
    [
        "点赞、转发、评论等互动数据增长30%。",
        "2022年8月9日 阅读推广活动启动",
        "微信支付 微博热搜",
        "打印机 关闭",
        "首页-要闻",
        "5年前的今天，这里还是一片荒地。",
        "文 | 本报记者 王芳",
        "来源丰富|形式多样",
        "地理位置：紧邻高铁站。",
        "共有2页说明材料随文印发。",
        "2022年前三季度全区工业运行简况",
    ],
)
def test_further_site_lookalikes_stay(line: str) -> None:
    assert clean(f"{_P1}\n\n{line}\n\n{_P2}") == f"{_P1}\n\n{line}\n\n{_P2}"


# Whole pages whose only debris is a headline-list tail or a read-time header
# (a wire with 相关稿件 and ·-bullets, a WeChat post with 听全文 and ▶-bullets):
# the body is kept word for word, the figures in the teasers are gone.
_WIRE = (
    "新华社南宁5月8日电　今年一季度，西部陆海新通道班列发送集装箱18.5万标箱，同比增长12%。\n"
    "通道已覆盖全球120个国家和地区的490个港口。\n"
    "【纠错】 【责任编辑:张三】\n"
    "相关稿件\n· 前4个月铁海联运班列开行量突破3000列\n· 港口集装箱吞吐量增长20%"
)
_WECHAT = (
    "听全文　约12分钟\n"
    "低空经济产业集群加速成形\n"
    "截至今年6月，园区集聚低空经济企业80余家，产值突破50亿元。\n"
    "往期精选\n▶ 无人机订单突破60万单\n▶ 10个项目集中签约，总投资120亿元"
)


@pytest.mark.parametrize(
    ("raw", "body", "gone"),
    [
        (
            _WIRE,
            ["西部陆海新通道班列发送集装箱18.5万标箱，同比增长12%。", "通道已覆盖全球120个国家和地区的490个港口。"],
            ["3000列", "20%", "相关稿件"],
        ),
        (
            _WECHAT,
            ["低空经济产业集群加速成形", "园区集聚低空经济企业80余家，产值突破50亿元。"],
            ["12分钟", "听全文", "60万单", "120亿元", "往期精选"],
        ),
    ],
)
def test_teaser_tails_and_read_time_in_pages(raw: str, body: list[str], gone: list[str]) -> None:
    text = clean(raw)
    assert all(b in text for b in body)
    assert not any(g in text for g in gone)


def test_removed_controls_keep_the_offset_map_exact() -> None:
    """NUL, controls and bidi characters between the characters of a sentence
    go; every clean character still maps to the same raw character."""
    raw = "\u202e苏州\x00工业\u2066园区\u20692023年\x07实现\u200f地区生产总值\x9b3686亿元。\r\n第二段\x1b。"
    aligned = c.clean_aligned(raw)
    assert aligned.text == "苏州工业园区2023年实现地区生产总值3686亿元。\n第二段。"
    for i, ch in enumerate(aligned.text):
        rs, re_ = aligned.to_raw(i, i + 1)
        assert raw[rs:re_] == ch
