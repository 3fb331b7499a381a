"""Schemathesis hooks for the API contract run (``test_api_contract.py``),
loaded by ``st run`` through ``SCHEMATHESIS_HOOKS=contract_hooks``.

* ``problem_details``: every error answer is an RFC 9457 problem
  (``application/problem+json`` with ``type``, ``title``, ``status`` equal
  to the HTTP status, and a ``code`` that ``GET /problems`` lists).
* Opaque cursors: ``cursor`` is a token only the server issues (a page's
  ``next_cursor``); no schema can describe one, so a generated value is
  never valid and ``invalid_cursor`` would be counted as a valid request
  refused. Generated cursors are dropped; ``test_api.py`` covers cursors.
* Ranges: ``X_from`` after ``X_to`` is an ``inverted_range`` problem, a
  constraint between two parameters that OpenAPI cannot state; generated
  bounds are put in order (YYYY[-MM[-DD]] strings order as their periods do).
* Corrections: whether a correction is valid depends on the stored document
  (a span inside its clean text, an entity or figure at that span) and on
  the action (the keys of ``set``); a schema cannot say that, so a refusal
  of a generated correction with one of those codes is not counted as a
  valid request refused (``test_corrections_api.py`` covers them). Every
  other check still applies to that operation, and every check to the rest.
  Likewise ``GET /facts`` with a measure no canonical measure and no stored
  fact has (``unknown_measure``: refused so that a typo is not an empty page),
  and ``POST /admin/reprocess`` given more than one of ids, filters and
  ``all`` (a rule between fields the flat body schema does not state).
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlsplit

import httpx
import schemathesis

PROBLEM_JSON = "application/problem+json"


@functools.cache
def problem_codes(origin: str) -> frozenset[str]:
    return frozenset(httpx.get(f"{origin}/problems", timeout=10).json())


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Just before each request, in every phase (generation hooks miss the coverage phase)."""
    query = case.query
    if not isinstance(query, dict):
        return
    query.pop("cursor", None)
    for low in [k for k in query if k.endswith("_from")]:
        high = low[: -len("_from")] + "_to"
        a, b = query.get(low), query.get(high)
        if isinstance(a, str) and isinstance(b, str) and a > b:
            query[low], query[high] = b, a


# Codes that mean "valid JSON, but not a correction this document can take".
STATE_DEPENDENT = {"span_out_of_range", "correction_target_not_found", "document_not_processed", "invalid_body"}


STORE_DEPENDENT = {("POST", "/documents/{doc_id}/corrections"): STATE_DEPENDENT, ("GET", "/facts"): {"unknown_measure"}}


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    if type(failure).__name__ != "RejectedPositiveData":
        return True
    where = (case.method.upper(), case.operation.path)
    try:
        problem = response.json()
    except ValueError:
        return True
    if where == ("POST", "/admin/reprocess"):
        return not (problem.get("code") == "invalid_body" and str(problem.get("detail", "")).startswith("give one of"))
    return problem.get("code") not in STORE_DEPENDENT.get(where, set())


@schemathesis.check
def problem_details(ctx: Any, response: Any, case: Any) -> bool | None:
    status = response.status_code
    if status < 400:
        return None
    ctype = response.headers.get("content-type", [""])
    ctype = (ctype[0] if isinstance(ctype, list) else ctype).split(";")[0].strip()
    assert ctype == PROBLEM_JSON, f"{status} answered as {ctype!r}, not {PROBLEM_JSON}"
    body = response.json()
    missing = {"type", "title", "status", "code"} - set(body)
    assert not missing, f"the problem lacks {sorted(missing)}"
    assert body["status"] == status, f"the problem says status {body['status']}, the response {status}"
    url = urlsplit(str(response.request.url))
    codes = problem_codes(f"{url.scheme}://{url.netloc}")
    assert body["code"] in codes, f"code {body['code']!r} is not listed by GET /problems"
    return True
