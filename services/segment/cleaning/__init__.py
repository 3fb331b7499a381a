"""Cleaning scraped Chinese news: small pure ``str -> str`` steps, composed in order.

Each step is named for the debris it handles and finds its edits on its input
(see ``offsets.py``), so the composition also yields an exact map back to the
raw text. Every rule is general (the same debris in another site's wording must
go too); tests/unit/test_cleaning.py holds a before/after table per step.

What stays on purpose (the downstream stages and the evaluation count the
names in them): journalist bylines (``本报记者 李争粉``, ``文|《瞭望》新闻周刊记者
…``), photo captions with the photographer's name (``… 方喆摄 / 本刊``), and
a lone name that signs the article. What goes: site boilerplate — navigation
crumbs, date/source/view-count headers, contact/QR/share/copyright/link/tag
lines, attachment lines (附件：…, ….pdf) and participation widgets (已有0人参与),
editor notes, credit lines naming no one, page-jump markers, pagers
(共2页 上一页 1 2 下一页: the sentence they cut is joined again), related-
article tails, repeated paragraphs; stock-quote strips, app promotion
(下载XX财经APP, XX新闻客户端, 打开APP阅读), ad lines (【广告】, 推广), site menus
(要闻 | 区域 | 成渝), ``原标题：`` lines (metadata: ``metadata.detect_title``
uses them), disclaimer paragraphs (免责声明：…, 风险提示), 图片来源 credits, and
inline page controls (【纠错】, the end mark （完）).

HTML left in the text goes first: every entity is decoded as ``html.unescape``
reads it (twice, for double-escaped exports), expressed as "the entity's first
character becomes the decoded one, the rest is deleted" so the map stays 1:1
plus deletions; stray tags of known HTML elements go (block tags such as
``<br>``/``<p>`` become a line break).

Normalisations (each one character for one character, so offsets map 1:1):
full-width digits, Latin letters and ``％`` to ASCII; full-width ``／－．＋`` to
ASCII between digits; spun ``蕞`` to ``最`` (not in the word 蕞尔); an ASCII
comma next to Chinese text to ``，`` unless it groups digits (``1,352`` stays).
Deletions: spaces inside figures (``2017 年`` → ``2017年``), blank-line runs,
indentation, newlines inside sentences cut by a page break.

The steps live by what they handle: ``markup`` (HTML), ``characters`` (one
character for another), ``headers``, ``notices``, ``credits`` and ``pages``
(the debris rules), ``layout`` (spaces, repeats, page breaks, blank lines,
front matter); ``step`` says what a step is; ``offsets`` keeps the map.
"""

from __future__ import annotations

from ..offsets import Aligned
from .characters import chinese_commas, fix_spun_chars, normalize_line_ends, tighten_figures, unify_fullwidth
from .credits import drop_editor_notes, drop_photo_credits
from .headers import drop_meta_headers, drop_nav_crumbs, drop_read_time_lines
from .layout import drop_front_matter, drop_repeated_paragraphs, join_page_breaks, strip_line_spaces, tidy_blank_lines
from .markup import decode_html_entities, strip_html_tags
from .notices import (
    drop_ad_lines,
    drop_attachment_lines,
    drop_contact_lines,
    drop_copyright_lines,
    drop_inline_marks,
    drop_link_lines,
    drop_share_lines,
    drop_stock_quotes,
    drop_tag_lines,
    drop_widget_lines,
)
from .pages import cut_related_tail, drop_ornament_lines, drop_page_markers, drop_pager_lines
from .step import Step

# --- the composition ----------------------------------------------------------------

STEPS: tuple[Step, ...] = (
    drop_front_matter,
    decode_html_entities,
    decode_html_entities,  # again: double-escaped text (&amp;nbsp;, &amp;ldquo;) is common in CMS exports
    strip_html_tags,
    normalize_line_ends,
    unify_fullwidth,
    fix_spun_chars,
    cut_related_tail,
    drop_nav_crumbs,
    drop_meta_headers,
    drop_read_time_lines,
    drop_contact_lines,
    drop_share_lines,
    drop_stock_quotes,
    drop_ad_lines,
    drop_inline_marks,
    drop_copyright_lines,
    drop_link_lines,
    drop_attachment_lines,
    drop_widget_lines,
    drop_tag_lines,
    drop_editor_notes,
    drop_photo_credits,
    drop_page_markers,
    drop_pager_lines,
    drop_ornament_lines,
    chinese_commas,
    tighten_figures,
    strip_line_spaces,
    drop_repeated_paragraphs,
    join_page_breaks,
    strip_line_spaces,
    tidy_blank_lines,
)


def clean_aligned(raw: str, steps: tuple[Step, ...] = STEPS) -> Aligned:
    """Run every step on ``raw``; the result carries the clean→raw map."""
    aligned = Aligned.from_raw(raw)
    for step in steps:
        aligned = aligned.apply(step.find(aligned.text))
    return aligned


def clean(raw: str) -> str:
    """The clean text (the composition of every step as ``str -> str``)."""
    text = raw
    for step in STEPS:
        text = step(text)
    return text
