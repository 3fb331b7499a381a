"""measure_id rules of the fourteenth tuning (issue #12): a holder's stake
written as a contribution or holding ratio."""

from __future__ import annotations

from docpipe.document import Document
from services.normalize.stage import normalize


def _ids(text: str) -> dict[str, str | None]:
    doc = Document(id="t", raw_text=text, clean_text=text, entities=[])
    return {m.text: (m.__pydantic_extra__ or {}).get("measure_id") for m in normalize(doc).metrics}


def test_a_contribution_or_holding_ratio_is_a_stake():
    # 出资 is a form of investment, but 出资比例 is a holder's stake in what is
    # set up, as 持股比例 is: share, not investment.share
    got = _ids("建设资金来自自筹，出资比例为100%。甲公司出资占比51%，乙公司出资占比19%。")
    assert got["100%"] == "share"
    assert got["51%"] == "share"
    assert got["19%"] == "share"


def test_a_stake_with_no_share_tail_is_a_stake():
    got = _ids("北京市燃气集团有限责任公司控股30%，陕西省天然气股份有限公司持股20%。")
    assert got["30%"] == "share"
    assert got["20%"] == "share"


def test_a_share_of_a_whole_after_zhan_is_still_the_wholes():
    # the stake word after 占 names the whole, not the part
    got = _ids("基金总规模10亿元，其中政府出资4亿元，占基金认缴出资总额的40%。")
    assert got["40%"] != "share"
