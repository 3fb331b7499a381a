"""Which MongoDB database get_store() opens: MONGODB_DB when set, else the one the
URI names, else docpipe (no server needed: naming a database does not connect)."""

from __future__ import annotations

import pytest

from docpipe import settings
from docpipe.store import _default_store


@pytest.mark.parametrize(
    ("uri", "db", "expected"),
    [
        ("mongodb://127.0.0.1:1/analytics", None, "analytics"),
        ("mongodb://127.0.0.1:1/analytics", "other", "other"),
        ("mongodb://127.0.0.1:1/", None, "docpipe"),
    ],
)
def test_the_database_named_by_the_uri_is_used_unless_mongodb_db_is_set(
    monkeypatch: pytest.MonkeyPatch, uri: str, db: str | None, expected: str
) -> None:
    monkeypatch.setenv("MONGODB_URI", uri)
    if db is None:
        monkeypatch.delenv("MONGODB_DB", raising=False)
    else:
        monkeypatch.setenv("MONGODB_DB", db)
    settings.mongo.cache_clear()  # read the environment again
    store = _default_store()
    try:
        assert store._db().name == expected  # type: ignore[attr-defined]
    finally:
        store.close()
        # Later tests must not see this test's MONGODB_URI in the cached settings.
        monkeypatch.undo()
        settings.mongo.cache_clear()
