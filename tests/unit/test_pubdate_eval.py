"""tools/pubdate_eval.py: scoring the publication-date reader on a labelled set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("pubdate_eval", REPO / "tools" / "pubdate_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["pubdate_eval"] = module  # a dataclass looks its module up while it is made
    spec.loader.exec_module(module)
    return module


pubdate_eval = _load()


def test_judge_kinds() -> None:
    assert pubdate_eval.judge("2019-09-07", "2019-09-07") == "right"
    assert pubdate_eval.judge("2019-09", "2019-09-30") == "right"  # a month gold takes any day of it
    assert pubdate_eval.judge("2019-09-07", None) == "missing"
    assert pubdate_eval.judge("2019-09-07", "2019-09-08") == "wrong"
    assert pubdate_eval.judge("", "2019-09-08") == "spurious"
    assert pubdate_eval.judge("", None) == "right"


def test_score_set(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("标题\n发布时间：2021-07-09\n正文。", encoding="utf-8")
    (tmp_path / "articles" / "b.txt").write_text("标题\n正文。", encoding="utf-8")
    (tmp_path / "articles" / "c.txt").write_text("标题\n正文。", encoding="utf-8")
    (tmp_path / "dates.tsv").write_text(
        "file\tpublished_at\tsource\tpath\na.txt\t2021-07-09\tx@y\tp\nb.txt\t\tx@y\tp\nc.txt\t2020-01-02\tx@y\tp\n",
        encoding="utf-8",
    )
    score = pubdate_eval.score_set(tmp_path)
    assert (score.right, len(score.missing), len(score.wrong), len(score.spurious)) == (2, 1, 0, 0)
