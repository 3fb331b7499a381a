"""The learned keep/drop step for organizations, industries and parks
(services/extract/keep_model.py, trained by tools/train_filter.py)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from docpipe.wordlists import data_path
from services.extract import keep_model
from services.extract.stage import resolved

REPO = Path(__file__).resolve().parents[2]
# tests/heldout3 t04 (a tuning set), the whole article: a joint venture's cold-chain hub named by what it is,
# not an organization's name (the step judges whole texts, not sentences: keep_model.MIN_CHARS).
TEXT = (REPO / "tests/heldout3/articles/t04_western_land_sea_corridor_wire.txt").read_text(encoding="utf-8")


def _train_filter():
    if str(REPO / "tools") not in sys.path:
        sys.path.insert(0, str(REPO / "tools"))  # train_filter imports eval_report and measures_eval by name
    spec = importlib.util.spec_from_file_location("train_filter", REPO / "tools" / "train_filter.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def model() -> keep_model.Model:
    return keep_model.read_model(data_path(keep_model.MODEL_FILE))


def test_label_is_a_gold_name_or_alias_of_the_type() -> None:
    tf = _train_filter()
    forms = tf.gold_forms(
        {
            "entities": {
                "organization": [{"name": "华为技术有限公司", "aliases": ["华为"]}],
                "park": [{"name": "中关村"}],
            }
        }
    )
    assert tf.label("organization", "华为", forms) == 1
    assert tf.label("organization", "华为技术有限公司", forms) == 1
    # A wrong boundary is a false find either way: dropped.
    assert tf.label("organization", "华为技术", forms) == 0
    # The type counts: a park's name is no organization.
    assert tf.label("organization", "中关村", forms) == 0
    # The scorer's comparison form: NFKC, no spaces.
    assert tf.label("park", "中 关 村", forms) == 1


def test_extra_dumps_for_one_type_reach_only_its_groups_fit() -> None:
    # More older dumps for regions (train --type-extra region ...) must leave the organization group's
    # training documents, hence its weights, as they were: the shipped organization model stays.
    tf = _train_filter()
    unit = lambda t, name: {"type": t, "name": name, "label": 1, "f": {f"{t[:3]}:bias": 1.0}}  # noqa: E731
    current = [{"set": "tests/heldout9", "units": [unit("organization", "华为"), unit("region", "南京市")]}]
    older = [{"set": "tests/heldout", "units": [unit("organization", "中兴"), unit("region", "苏州市")]}]
    org_group = ("organization", "industry", "park")
    assert tf.group_docs(current, org_group, {"region": older}) == tf.group_docs(current, org_group)
    assert [u["name"] for u in tf.group_docs(current, org_group)[0]["units"]] == ["华为"]
    regions = tf.group_docs(current, ("region",), {"region": older})
    assert [[u["name"] for u in d["units"]] for d in regions] == [["南京市"], ["苏州市"]]


def test_features_are_generic_and_typed() -> None:
    analysis, cands, entities = resolved(TEXT)
    feats = {u.name: f for u, f in keep_model.features(analysis, cands, entities) if u.type == "organization"}
    hub = feats["冷链分拨中心"]
    assert hub["org:bias"] == 1.0
    assert hub["org:last2=中心"] == 1.0
    assert hub["org:after=已"] == 1.0
    assert hub["org:mentions=1"] == 1.0
    assert all(k.startswith("org:") for k in hub)
    company = feats["广西北港陆海物流有限公司"]
    assert company["org:ends_org"] == 1.0
    assert company["org:before=与"] == 1.0


def test_regions_and_persons_get_where_they_sit() -> None:
    # A byline (a short line of its own), a dateline-like opening, a country and a title: what a false region
    # or person is told by. The first three types keep the features they were trained with.
    text = "本报记者 王永前\n\n江苏省南京市今年一季度地区生产总值增长5%，出口美国的产品增长，南京银行董事长谢宁表示。"
    analysis, cands, entities = resolved(text)
    feats = {(u.type, u.name): f for u, f in keep_model.features(analysis, cands, entities)}
    byline = feats[("person", "王永前")]
    assert byline["per:line_len=10"] == 1.0
    assert byline["per:line_closes"] == 1.0
    assert byline["per:attr_title=记者"] == 1.0
    assert feats[("person", "谢宁")]["per:before2=事长"] == 1.0
    province = feats[("region", "江苏省")]
    assert province["reg:line_opens"] == 1.0
    assert province["reg:attr_level=province"] == 1.0
    assert feats[("region", "南京市")]["reg:before2=苏省"] == 1.0
    assert feats[("region", "美国")]["reg:attr_level=country"] == 1.0
    bank = feats[("organization", "南京银行")]
    assert not any(k.startswith(("org:line", "org:before2", "org:attr_")) for k in bank)


def test_numpy_score_equals_the_library_on_stored_examples(model: keep_model.Model) -> None:
    raw = json.loads(data_path(keep_model.MODEL_FILE).read_text(encoding="utf-8"))
    assert len(raw["examples"]) >= 10
    for ex in raw["examples"]:
        assert model.score(ex["f"]) == pytest.approx(ex["p"], abs=1e-6)


def test_model_file_header_states_its_making(model: keep_model.Model) -> None:
    raw = json.loads(data_path(keep_model.MODEL_FILE).read_text(encoding="utf-8"))
    header = raw["header"]
    for key in ("made_by", "training_sets", "commit", "licence", "date", "sha256_of_body"):
        assert header[key]
    body = {k: raw[k] for k in ("features", "coef", "intercept", "thresholds")}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    assert digest == header["sha256_of_body"]
    # No unseen set trained it.
    unseen = {"tests/heldout6", "tests/heldout7", "tests/heldout8", "tests/heldout11", "tests/heldout16"}
    assert not unseen & set(header["training_sets"])
    assert set(model.thresholds) <= keep_model.JUDGED


def test_the_step_drops_a_named_thing_and_keeps_the_companies(model: keep_model.Model) -> None:
    analysis, cands, entities = resolved(TEXT)
    names = {e.name for e in entities if e.type == "organization"}
    assert "冷链分拨中心" in names  # the rules give it
    kept = {e.name for e in keep_model.judge(analysis, cands, entities, model) if e.type == "organization"}
    assert "冷链分拨中心" not in kept
    assert "广西北港陆海物流有限公司" in kept
    # Types the model has no threshold for pass untouched.
    assert [e for e in entities if e.type not in model.thresholds] == [
        e for e in keep_model.judge(analysis, cands, entities, model) if e.type not in model.thresholds
    ]


def test_a_sentence_is_not_judged(model: keep_model.Model) -> None:
    # Scored alone, 喜茶 falls below the threshold (its document-level features: named once, the only
    # organization, on the first line); a text this short is below what the model was trained on.
    text = "喜茶创始人聂云宸出席了活动。"
    assert len(text) < keep_model.MIN_CHARS
    analysis, cands, entities = resolved(text)
    assert ("organization", "喜茶") in {(e.type, e.name) for e in entities}
    assert keep_model.judge(analysis, cands, entities, model) == entities
    (_unit, feats), *_ = keep_model.features(analysis, cands, [e for e in entities if e.name == "喜茶"])
    assert model.score(feats) < model.thresholds["organization"]


def test_a_missing_model_file_stops_the_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(keep_model.ENV, str(tmp_path / "absent.json"))
    with pytest.raises(FileNotFoundError, match="keep model"):
        keep_model.load_resources()


def test_off_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keep_model.ENV, "off")
    assert keep_model.load_resources() is None
    analysis, cands, entities = resolved(TEXT)
    assert keep_model.judge(analysis, cands, entities) == entities
