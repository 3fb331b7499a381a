"""Near-duplicates at ingest: MinHash over character shingles, an LSH index
kept in Redis (datasketch's Redis storage), so a repost of an article with
other page debris, a changed title or a paragraph added is marked
``duplicate_of`` the first copy stored, and two different articles on one
topic are not.

- ``shingles``: the clean text with everything but letters, digits and CJK
  characters dropped (spacing, punctuation and line breaks differ between
  copies), then every run of ``SHINGLE`` characters;
- ``signature``: a MinHash of those (``NUM_PERM`` permutations, fixed seed:
  every process computes the same signature);
- ``NearDuplicates``: the LSH index (bands for Jaccard ``THRESHOLD``) plus
  each indexed document's signature, so a candidate the bands bring is
  confirmed by its estimated Jaccard before it counts. Only originals are
  indexed: a copy points at the first document, never at another copy.
  ``check`` is idempotent: a document already indexed is an original, a
  copy seen again finds the same original.

The index is a resource the segment stage is given (``process_index``: one
per worker process, on the Redis of ``REDIS_URL``); the stage itself stays a
plain function (``mark``), and ``docpipe extract`` runs without one.
Two copies ingested at the same moment can both be originals (the check and
the insert are two steps); a later copy of either still finds one of them.
"""

from __future__ import annotations

import os
import pickle
import re
import threading
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE = 5  # characters per shingle (Chinese: about two words)
NUM_PERM = 128  # the Jaccard estimate's standard error is about 1/sqrt(128) = 0.09
THRESHOLD = 0.5  # estimated Jaccard at or above which a text is a copy
SEED = 1
# A text with fewer shingles than this is never marked (a one-line notice
# shares most of its few shingles with any other on its subject).
MIN_SHINGLES = 40
KEY_PREFIX = "docpipe:neardup"

_KEEP = re.compile(r"[\w]", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The distinct ``k``-character runs of the text's letters, digits and CJK characters."""
    norm = "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if _KEEP.match(ch) and ch != "_")
    if len(norm) < k:
        return {norm} if norm else set()
    return {norm[i : i + k] for i in range(len(norm) - k + 1)}


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The MinHash permutations of (NUM_PERM, SEED), made once per process."""
    return MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def signature(grams: Iterable[str]) -> LeanMinHash:
    # crc32 (C, deterministic across processes) instead of datasketch's
    # default SHA-1: 2.3 ms instead of 6.1 ms per article here; MinHash's own
    # affine permutations on top of it do the mixing.
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, permutations=_permutations(), scheme="affine32")
    m.update_batch([g.encode("utf-8") for g in grams])
    return LeanMinHash(m)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard of two signatures' hash values."""
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass(frozen=True)
class Verdict:
    duplicate_of: str | None
    similarity: float | None  # with that original; None for an original
    candidates: int  # documents the LSH bands brought (for the bench)


class NearDuplicates:
    """The LSH index and the signatures of the original documents.

    ``redis_url`` None keeps both in this process's memory (tests, the
    measurement in tests/unit/test_neardup.py); else in that Redis under
    ``prefix``, shared by every worker."""

    def __init__(self, redis_url: str | None = None, *, prefix: str = KEY_PREFIX, threshold: float = THRESHOLD) -> None:
        self.prefix = prefix
        self.threshold = threshold
        self._redis: Any = None
        self._memory: dict[str, bytes] = {}
        if redis_url is None:
            self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        else:
            import redis
            from redis.connection import parse_url

            params = {
                k: v
                for k, v in parse_url(redis_url).items()
                if k in ("host", "port", "db", "password", "username", "path")
            }
            if "path" in params:  # a unix socket
                params["unix_socket_path"] = params.pop("path")
            self._redis = redis.Redis.from_url(redis_url, socket_timeout=10)
            self.lsh = MinHashLSH(
                threshold=threshold,
                num_perm=NUM_PERM,
                storage_config={"type": "redis", "basename": f"{prefix}:lsh:".encode(), "redis": params},
            )

    # -- signatures ------------------------------------------------------------
    def _sig_key(self) -> str:
        return f"{self.prefix}:signatures"

    def _stored(self, doc_ids: list[str]) -> list[bytes | None]:
        if self._redis is None:
            return [self._memory.get(d) for d in doc_ids]
        return list(self._redis.hmget(self._sig_key(), doc_ids)) if doc_ids else []

    # -- the LSH bands ------------------------------------------------------------
    # On Redis, datasketch reads each band's bucket in a transaction of its
    # own (one round trip per band: 25 here) and flushes each band's insert
    # buffer apart. These two do the same reads and writes through its
    # storage objects (same keys, same pickled ids) in one pipeline each;
    # tests/integration/test_neardup_redis.py holds them to lsh.query.

    def _query(self, sig: LeanMinHash) -> list[str]:
        if self._redis is None:
            return [str(k) for k in self.lsh.query(sig)]
        lsh = self.lsh
        pipe = self._redis.pipeline(transaction=False)
        for (start, end), table in zip(lsh.hashranges, lsh.hashtables, strict=True):
            table._get_items(pipe, table.redis_key(lsh._H(sig.hashvalues[start:end])))
        found: set[bytes] = set().union(*pipe.execute())
        return [str(pickle.loads(k)) for k in found]  # noqa: S301 - our own ids, pickled by datasketch's rule

    def _insert(self, doc_id: str, sig: LeanMinHash) -> None:
        """The signature and every band, in one transaction (a reader never
        finds the id in a band without its signature)."""
        raw = np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()
        if self._redis is None:
            self._memory[doc_id] = raw
            self.lsh.insert(doc_id, sig, check_duplication=False)
            return
        lsh = self.lsh
        key = pickle.dumps(doc_id)  # as datasketch's prepickle (on for Redis storage) does
        bands = [lsh._H(sig.hashvalues[start:end]) for start, end in lsh.hashranges]
        pipe = self._redis.pipeline(transaction=True)
        pipe.hset(self._sig_key(), doc_id, raw)
        lsh.keys._insert(pipe, key, *bands)
        for band, table in zip(bands, lsh.hashtables, strict=True):
            table._insert(pipe, band, key)
        pipe.execute()

    def __contains__(self, doc_id: str) -> bool:
        return self._stored([doc_id])[0] is not None

    def __len__(self) -> int:
        return len(self._memory) if self._redis is None else int(self._redis.hlen(self._sig_key()))

    # -- the check ---------------------------------------------------------------
    def check(self, doc_id: str, text: str) -> Verdict:
        """Whether ``text`` copies an indexed original; indexes it when it does not."""
        if doc_id in self:
            return Verdict(None, None, 0)  # indexed before: an original (a re-run)
        grams = shingles(text)
        if len(grams) < MIN_SHINGLES:
            return Verdict(None, None, 0)
        sig = signature(grams)
        candidates = sorted(c for c in self._query(sig) if c != doc_id)
        best: tuple[float, str] | None = None
        for cand, raw in zip(candidates, self._stored(candidates), strict=True):
            if raw is None:
                continue
            sim = similarity(sig.hashvalues, np.frombuffer(raw, dtype=np.uint64))
            # The most similar; on a tie the smallest id (every process picks the same).
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, cand)
        if best is not None:
            return Verdict(best[1], round(best[0], 4), len(candidates))
        self._insert(doc_id, sig)
        return Verdict(None, None, len(candidates))


def mark(doc: Any, index: NearDuplicates | None) -> Any:
    """The segment stage's step: set ``doc.duplicate_of`` (None for an
    original) from its clean text; nothing without an index."""
    if index is None or doc.clean_text is None:
        return doc
    verdict = index.check(doc.id, doc.clean_text)
    doc.duplicate_of = verdict.duplicate_of
    return doc


# -- the process's index ---------------------------------------------------------

_lock = threading.Lock()
_index: NearDuplicates | None = None
_index_pid: int | None = None
_enabled: bool | None = None  # None: from the environment (see process_index)


def use(index: NearDuplicates | None, *, enabled: bool | None = None) -> None:
    """Inject the process's index (tests; ``docpipe extract`` turns it off)."""
    global _index, _index_pid, _enabled
    with _lock:
        _index, _index_pid = index, (os.getpid() if index is not None else None)
        _enabled = enabled if enabled is not None else (index is not None)


def process_index() -> NearDuplicates | None:
    """This process's index on the Redis of ``REDIS_URL`` (made once per
    process, again after a fork); None when detection is off: turned off by
    ``use(None)`` or ``DOCPIPE_NEARDUP_ENABLED=false``, or no ``REDIS_URL``
    is set (``docpipe run`` sets it for its workers)."""
    global _index, _index_pid
    with _lock:
        if _enabled is False:
            return None
        if _index is not None and _index_pid == os.getpid():
            return _index
        from . import settings

        if _enabled is None and (not settings.neardup().enabled or not settings.redis().redis_url):
            return None
        _index, _index_pid = NearDuplicates(settings.redis().url), os.getpid()
        return _index
