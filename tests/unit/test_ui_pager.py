"""The list pages' pager is one Jinja macro (templates/pager.html): no other
template writes its markup, each list page (documents, entities, facts)
calls it, and it renders the links it is given, escaped."""

from __future__ import annotations

import pytest

from services.api.routes.pages import HERE, _env

TEMPLATES = HERE / "templates"
LIST_PAGES = ("list.html", "entities.html", "facts.html")


def test_only_the_macro_writes_the_pager_markup() -> None:
    writers = sorted(p.name for p in TEMPLATES.glob("*.html") if 'class="pager"' in p.read_text(encoding="utf-8"))
    assert writers == ["pager.html"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_each_list_page_calls_it(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert '{% from "pager.html" import pager %}' in text
    assert text.count("{{ pager(first_url, next_url) }}") == 1


def test_it_renders_the_links_it_is_given() -> None:
    pager = _env.get_template("pager.html").module.pager  # type: ignore[attr-defined]
    html = str(pager("/ui?q=a&cursor=", '/ui?cursor=x"y'))
    assert 'href="/ui?q=a&amp;cursor="' in html and ">First page<" in html
    assert 'rel="next" href="/ui?cursor=x&#34;y"' in html  # escaped: a cursor cannot end the attribute
    assert "<a" not in str(pager(None, None))  # the first page of a short list: no links
