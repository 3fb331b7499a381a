"""API keys in the store, on both engines (SQLite and the MongoDB wire
server): made, checked, listed, revoked; only the digest is kept."""

from __future__ import annotations

import pytest

from docpipe import apikeys
from docpipe.errors import InvalidBody
from docpipe.store.base import Store
from docpipe.store.keys import keys_for

pytestmark = pytest.mark.integration


def test_a_key_round_trip(store: Store) -> None:
    key, row = apikeys.create(store, ["submit", "read"], name="ingest bot", rate="10/second")
    assert row["scopes"] == ["read", "submit"] and row["rate"] == "10/second" and row["revoked_at"] is None
    assert apikeys.key_id_of(key) == row["id"]
    stored = keys_for(store).get(row["id"])
    assert stored is not None and stored["hash"] == apikeys.digest(key)
    assert key not in repr(stored) and key.split("_", 2)[2] not in repr(stored)

    assert apikeys.verify(store, key)["id"] == row["id"]  # type: ignore[index]
    # The same id with another secret, a malformed key: refused.
    forged = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert apikeys.verify(store, forged) is None
    assert apikeys.verify(store, "dpk_nothex") is None

    other, _ = apikeys.create(store, ["admin"])
    assert [r["id"] for r in keys_for(store).all()] == [row["id"], apikeys.key_id_of(other)]
    assert apikeys.effective_scopes(["admin"]) == frozenset(apikeys.SCOPES)

    revoked = apikeys.revoke(store, row["id"])
    assert revoked["revoked_at"] is not None
    assert apikeys.verify(store, key) is None
    assert apikeys.revoke(store, row["id"])["revoked_at"] == revoked["revoked_at"]  # the first time stays
    assert apikeys.verify(store, other) is not None
    with pytest.raises(apikeys.KeyNotFound):
        apikeys.revoke(store, "0123456789abcdef")


def test_bad_scopes_and_rates_are_refused(store: Store) -> None:
    with pytest.raises(InvalidBody):
        apikeys.create(store, ["write"])
    with pytest.raises(InvalidBody):
        apikeys.create(store, [])
    with pytest.raises(InvalidBody):
        apikeys.create(store, ["read"], rate="fast")
    assert keys_for(store).all() == []
