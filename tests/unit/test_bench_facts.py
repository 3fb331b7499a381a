"""The facts benchmark (bench/facts.py) in miniature: it builds the store it
says it builds, and every export counts every fact row. Shapes and counts,
never times."""

from __future__ import annotations

from pathlib import Path

from bench import facts as bench_facts


def test_a_miniature_run_counts_every_row(tmp_path: Path) -> None:
    report = bench_facts.run(300, tmp_path / "facts.sqlite3", per=3, progress=False)
    load = report["load"]
    assert load["documents"] == 300 and load["through_store_methods"] == 300
    assert 300 * 3 <= load["fact_rows"] <= 300 * 9
    # one export row per fact row: every row of every fact, once
    assert report["exports"]["all_facts_jsonl"]["rows"] == load["fact_rows"]
    by_format = {e["format"]: e["rows"] for e in report["exports"]["by_format"]}
    assert set(by_format) == {"jsonl", "csv", "parquet"} and len(set(by_format.values())) == 1
    assert by_format["jsonl"] > 0
    for name, q in report["queries"].items():
        assert q["n"] >= 1 and q["p95_ms"] >= q["p50_ms"] >= 0, name


def test_reposts_and_conflicts_are_in_the_corpus() -> None:
    corpus = bench_facts.FactCorpus(seed=3)
    docs = [corpus.document(i) for i in range(400)]
    reposts = [d for d in docs if getattr(d, "duplicate_of", None)]
    assert reposts and all(r.metrics == next(d for d in docs if d.id == r.duplicate_of).metrics for r in reposts)
    assert all(
        m.model_extra and m.model_extra["measure_id"] and m.model_extra["subject_entity"]
        for d in docs
        for m in d.metrics
    )
