"""``bench.reprocess`` in miniature: a real ``docpipe run`` stack stores a
few documents, reprocesses every one of them while two more are uploaded,
and the report counts one new event per stored document."""

from __future__ import annotations

from bench.reprocess import measure


def test_reprocessing_while_uploading_gives_each_document_one_new_event() -> None:
    r = measure(stored=4, uploads=2, gap_s=0.2, concurrency=1, timeout_s=400)
    assert r["job"]["state"] == "done"
    # 4 stored + the 2 uploads of the run before it; the run during may add more
    assert r["job"]["scanned"] >= 6 and r["job"]["queued"] >= 6
    assert r["stored_docs_without_new_event"] == 0
    assert r["events_per_reprocessed_doc"] == 1.0 and r["docs_with_more_than_one_event"] == 0
    assert r["duplicate_event_ids"] == 0
    assert r["upload_latency_s_before"]["n"] == 2 and r["upload_latency_s_during"]["n"] == 2
    assert r["latency_ratio_p50"] is not None and r["reprocess_docs_per_s"] > 0
