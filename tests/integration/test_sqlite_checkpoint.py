"""The embedded store checkpoints its WAL from a background thread, so no
commit on the document path pays for a checkpoint (one in ~300 stage saves
took 80 ms when commits did it)."""

from __future__ import annotations

import time
from pathlib import Path

from docpipe.document import Status
from docpipe.ingest import new_document
from docpipe.store.sqlite import SqliteStore


def test_a_background_thread_checkpoints_the_wal(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "docpipe.sqlite3")
    store.ensure_indexes()
    try:
        conn = store._connection()
        # The commits' own checkpointing is only a far backstop.
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == SqliteStore.AUTOCHECKPOINT_BACKSTOP_PAGES
        tokens = [{"text": "苏州", "start": i, "end": i + 2, "pos": "ns"} for i in range(1500)]
        for i in range(80):  # ~10 MB of WAL, far below the backstop
            doc = new_document(f"第{i}篇：苏州工业园区新增企业{i}家。")
            store.insert_document(doc)
            store.save_stage(doc.id, "segment", "0.1.0", {"tokens": tokens}, Status.extracting, {})
        assert store._checkpointer is not None and store._checkpointer.is_alive()
        deadline = time.monotonic() + 15
        while store.checkpoints == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert store.checkpoints > 0  # the thread copied WAL pages itself
        stored = store.get_document(doc.id)
        assert stored is not None and stored.tokens[0].text == "苏州" and stored.status == Status.extracting
    finally:
        thread = store._checkpointer
        store.close()
    assert thread is not None and not thread.is_alive()
