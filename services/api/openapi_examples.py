"""Example requests and responses of the OpenAPI document (``schemas.py``).

Recorded from a stack that processed these articles (ids are the real hashes
of the texts, the document is what the stages produced), with the clock moved
back to the day the article appeared. ``tests/unit/test_openapi_doc.py``
validates every example against its schema.
"""

from __future__ import annotations

from typing import Any

from docpipe.ingest import document_id

ARTICLE = "苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%，其中新一代信息技术产业产值突破2000亿元。"
DOC_ID = document_id(ARTICLE)
HEFEI = "合肥市2023年新能源汽车产量74.6万辆，同比增长1.4倍。"
HEFEI_ID = document_id(HEFEI)
HEFEI_FILE = "合肥经开区2023年规上工业总产值突破3000亿元。"
HEFEI_FILE_ID = document_id(HEFEI_FILE)
CREATED_AT = "2024-01-20T08:32:20.401226Z"
UPDATED_AT = "2024-01-20T08:32:20.630582Z"
# A stream id: milliseconds of the processed event, then a sequence number.
EVENT_ID = "1705739540634-0"

# Values for the path parameters, to name an example problem's ``instance``.
PATH_PARAMS = {
    "doc_id": DOC_ID,
    "code": "no_such_code",
    "type": "organization",
    "name": "宁德时代",
    "sub_id": "wh_3f9c0d2b7e1a4c5d8e6f",
    "delivery_id": "msg_9b1f6d0c2a7e4b3c8d5f1e0a6b2c9d4e",
    "job_id": "rp_3f9a0c2b7d1e4f60",
}

DOCUMENT_IN: dict[str, Any] = {
    "text": ARTICLE,
    "title": "苏州工业园区2023年GDP增长5.6%",
    "source_url": "https://news.example.cn/2024/01/20/sip-gdp.html",
    "published_at": "2024-01-20",
    "metadata": {"source": "苏州日报"},
}

DOCUMENT_BATCH: dict[str, Any] = {
    "documents": [{"text": HEFEI, "published_at": "2024-01-25"}, {"text": "  "}],
}

# Multipart parts shown as their text (the bytes of a .txt file; GB18030 is detected too).
FILE_UPLOAD: dict[str, Any] = {"files": [HEFEI_FILE, "%PDF-1.4 …"]}

ACCEPTED: dict[str, Any] = {
    "id": DOC_ID,
    "status": "queued",
    "created": True,
    "updated": [],
    "reprocessing": False,
    "location": f"/documents/{DOC_ID}",
}

ACCEPTED_AGAIN: dict[str, Any] = {
    "id": DOC_ID,
    "status": "processed",
    "created": False,
    "updated": ["published_at"],
    "reprocessing": True,
    "location": f"/documents/{DOC_ID}",
}

BATCH_RESULT: dict[str, Any] = {
    "accepted": 1,
    "rejected": 1,
    "items": [
        {
            "item": 0,
            "http_status": 202,
            "id": HEFEI_ID,
            "status": "queued",
            "created": True,
            "updated": [],
            "reprocessing": False,
            "location": f"/documents/{HEFEI_ID}",
        },
        {
            "item": 1,
            "http_status": 422,
            "problem": {
                "type": "/problems/empty_text",
                "title": "The text is empty",
                "status": 422,
                "detail": "the text is empty or only whitespace",
                "code": "empty_text",
            },
        },
    ],
}

FILES_RESULT: dict[str, Any] = {
    "accepted": 1,
    "rejected": 1,
    "items": [
        {
            "item": "hefei.txt",
            "http_status": 202,
            "id": HEFEI_FILE_ID,
            "status": "queued",
            "created": True,
            "updated": [],
            "reprocessing": False,
            "location": f"/documents/{HEFEI_FILE_ID}",
        },
        {
            "item": "report.pdf",
            "http_status": 415,
            "problem": {
                "type": "/problems/unsupported_media_type",
                "title": "Unsupported content type",
                "status": 415,
                "detail": "'report.pdf': only .txt files are accepted",
                "code": "unsupported_media_type",
            },
        },
    ],
}

_TOKENS = [
    (0, 6, "苏州工业园区", "ns"),
    (6, 10, "2023", "m"),
    (10, 11, "年", "m"),
    (11, 13, "实现", "v"),
    (13, 19, "地区生产总值", "nz"),
    (19, 23, "3686", "m"),
    (23, 25, "亿元", "m"),
    (25, 26, "，", "x"),
    (26, 28, "同比", "j"),
    (28, 30, "增长", "v"),
    (30, 33, "5.6", "m"),
    (33, 34, "%", "x"),
    (34, 35, "，", "x"),
    (35, 37, "其中", "r"),
    (37, 46, "新一代信息技术产业", "nz"),
    (46, 48, "产值", "n"),
    (48, 50, "突破", "vn"),
    (50, 54, "2000", "m"),
    (54, 56, "亿元", "m"),
    (56, 57, "。", "x"),
]
ENTITIES: list[dict[str, Any]] = [
    {
        "start": 0,
        "end": 6,
        "type": "park",
        "text": "苏州工业园区",
        "name": "苏州工业园区",
        "attributes": {"region": "苏州市"},
    },
    {
        "start": 37,
        "end": 46,
        "type": "industry",
        "text": "新一代信息技术产业",
        "name": "新一代信息技术",
        "attributes": {
            "sector": "新一代信息技术产业",
            "sector_code": "1",
            "matched": "新一代信息技术",
            "evidence": "suffix",
        },
    },
]
METRICS: list[dict[str, Any]] = [
    {
        "start": 19,
        "end": 25,
        "text": "3686亿元",
        "value": 368600000000.0,
        "value_max": None,
        "unit": "CNY",
        "classifier": None,
        "qualifier": "exact",
        "measure": "地区生产总值",
        "subject": "苏州工业园区",
        "period": "2023",
    },
    {
        "start": 30,
        "end": 34,
        "text": "5.6%",
        "value": 5.6,
        "value_max": None,
        "unit": "percent",
        "classifier": None,
        "qualifier": "exact",
        "measure": "地区生产总值同比增长",
        "subject": "苏州工业园区",
        "period": "2023",
    },
    {
        "start": 48,
        "end": 56,
        "text": "突破2000亿元",
        "value": 200000000000.0,
        "value_max": None,
        "unit": "CNY",
        "classifier": None,
        "qualifier": "gt",
        "measure": "新一代信息技术产业产值",
        "subject": "苏州工业园区",
        "period": "2023",
    },
]
_STAGES = {"segment": "0.1.0", "extract": "0.1.0", "normalize": "0.1.0"}
_TIMINGS = {"clean": 0.857, "segment": 3.51, "extract": 32.588, "normalize": 3.003}

DOCUMENT: dict[str, Any] = {
    "id": DOC_ID,
    "status": "processed",
    "pipeline_version": "0.1.0",
    "title": DOCUMENT_IN["title"],
    "published_at": "2024-01-20",
    "source_url": DOCUMENT_IN["source_url"],
    "metadata": DOCUMENT_IN["metadata"],
    "raw_text": ARTICLE,
    "clean_text": ARTICLE,
    "raw_spans": [[0, 57, 0, 57]],
    "sentences": [{"start": 0, "end": 57}],
    "tokens": [{"start": s, "end": e, "text": t, "pos": p} for s, e, t, p in _TOKENS],
    "keywords": [
        {"text": "地区生产总值", "weight": 1.4943},
        {"text": "新一代信息技术产业", "weight": 1.4943},
        {"text": "苏州工业园区", "weight": 1.4629},
        {"text": "产值", "weight": 1.0022},
        {"text": "突破", "weight": 0.703},
        {"text": "同比", "weight": 0.6805},
        {"text": "实现", "weight": 0.5846},
        {"text": "增长", "weight": 0.5304},
    ],
    "entities": ENTITIES,
    "metrics": METRICS,
    "timings_ms": _TIMINGS,
    "stages": _STAGES,
    "error": None,
    "created_at": CREATED_AT,
    "updated_at": UPDATED_AT,
}

_STATUS_HEAD: dict[str, Any] = {
    "id": DOC_ID,
    "status": "processed",
    "title": DOCUMENT_IN["title"],
    "published_at": "2024-01-20",
    "pipeline_version": "0.1.0",
    "stages": _STAGES,
    "timings_ms": _TIMINGS,
    "error": None,
    "created_at": CREATED_AT,
    "updated_at": UPDATED_AT,
    "links": {"self": f"/documents/{DOC_ID}"},
}

DOCUMENT_STATUS_EXAMPLES: dict[str, dict[str, Any]] = {
    "processed": {"summary": "processed: the whole document", "value": {**_STATUS_HEAD, "document": DOCUMENT}},
    "fields": {
        "summary": "?fields=entities,metrics: only those fields of the document",
        "value": {**_STATUS_HEAD, "document": {"id": DOC_ID, "entities": ENTITIES, "metrics": METRICS}},
    },
    "queued": {
        "summary": "still in the pipeline: no document yet",
        "value": {
            **_STATUS_HEAD,
            "status": "extracting",
            "stages": {"segment": "0.1.0"},
            "timings_ms": {"clean": 0.857, "segment": 3.51},
            "updated_at": "2024-01-20T08:32:20.512230Z",
        },
    },
}

DOCUMENT_PAGE: dict[str, Any] = {
    "items": [
        {
            "id": DOC_ID,
            "status": "processed",
            "pipeline_version": "0.1.0",
            "title": DOCUMENT_IN["title"],
            "published_at": "2024-01-20",
            "source_url": DOCUMENT_IN["source_url"],
            "entity_count": 2,
            "metric_count": 3,
            "created_at": CREATED_AT,
            "updated_at": UPDATED_AT,
        },
    ],
    "next_cursor": "MjAyNC0wMS0yMFQwODozMjoyMC40MDEyMjZafDhmYjc2OWUzNjZjNmYzOGExZmUyZmRhZDllYTdiM2E5",
    "links": {
        "next": "/documents?entity_type=park&published_from=2024-01-01&limit=1&cursor="
        "MjAyNC0wMS0yMFQwODozMjoyMC40MDEyMjZafDhmYjc2OWUzNjZjNmYzOGExZmUyZmRhZDllYTdiM2E5",
    },
}

EVENT_STREAM = (
    ": subscribed\n"
    "id: 1705739500000-0\n"
    "\n"
    f"id: {EVENT_ID}\n"
    'data: {"specversion":"1.0","id":"' + DOC_ID + ':0.1.0:processed","source":"/docpipe",'
    '"type":"docpipe.document.processed","subject":"' + DOC_ID + '","time":"2024-01-20T08:32:20.634Z",'
    '"datacontenttype":"application/json","dataref":"http://127.0.0.1:8000/documents/' + DOC_ID + '",'
    '"data":{"id":"' + DOC_ID + '","title":"苏州工业园区2023年GDP增长5.6%","status":"processed",'
    '"pipeline_version":"0.1.0","entity_count":2,"metric_count":3,"entity_counts_by_type":{"park":1,"industry":1}}}\n'
    "\n"
    ": keep-alive\n"
    "\n"
)

METRICS_TEXT = (
    "# HELP docpipe_documents_accepted_total Documents accepted\n"
    "# TYPE docpipe_documents_accepted_total counter\n"
    'docpipe_documents_accepted_total{result="created"} 5.0\n'
    'docpipe_documents_accepted_total{result="duplicate"} 1.0\n'
    "# HELP docpipe_queue_depth Messages waiting in each stage's queue\n"
    "# TYPE docpipe_queue_depth gauge\n"
    'docpipe_queue_depth{stage="segment"} 0.0\n'
    'docpipe_queue_depth{stage="extract"} 1.0\n'
    'docpipe_queue_depth{stage="normalize"} 0.0\n'
)

HEALTH: dict[str, Any] = {"status": "ok"}

_STAGE_QUEUES = {stage: {"queue": stage, "consumers": 1} for stage in ("segment", "extract", "normalize")}
READINESS: dict[str, Any] = {
    "status": "ready",
    "checks": {"redis": True, "store": True, "segment": True, "extract": True, "normalize": True},
    "stages": _STAGE_QUEUES,
}

# Per code: the ``detail`` and extension members of an example problem (a
# code without an entry gets its title as detail).
PROBLEM_DETAILS: dict[str, dict[str, Any]] = {
    "empty_text": {"detail": "the text is empty or only whitespace"},
    "text_too_large": {"detail": "the text is 1204563 bytes; the limit is 1000000", "limit": 1000000},
    "unsupported_media_type": {"detail": "send application/json, not text/plain", "expected": "application/json"},
    "invalid_body": {
        "detail": "text: Field required",
        "errors": [{"loc": ["text"], "msg": "Field required", "type": "missing"}],
    },
    "undecodable_text": {"detail": "the request body is not valid UTF-8 (byte 10)"},
    "document_not_found": {"detail": "no document 00000000000000000000000000000000"},
    "invalid_cursor": {"detail": "the cursor 'abc' is not one this server issued"},
    "store_unavailable": {"detail": "store read failed: database is locked"},
    "not_found": {"detail": "no problem code 'no_such_code'"},
    "invalid_query": {"detail": "published_from must be a date YYYY-MM-DD, not '2024-13-01'"},
    "invalid_event_id": {"detail": "'nonsense' is not a stream id like 1700000000000-0"},
    "malformed_request": {
        "detail": "Invalid HTTP request received: the request line or headers are not valid HTTP/1.1; percent-encode "
        "non-ASCII characters in the URL (?industry=%E6%96%B0%E8%83%BD%E6%BA%90 for 新能源)",
    },
    "idempotency_key_conflict": {
        "detail": f"the Idempotency-Key was first used for document {HEFEI_ID}",
        "document_id": HEFEI_ID,
    },
    "batch_too_large": {"detail": "201 documents; at most 200 per batch", "limit": 200},
    "not_ready": {
        "detail": "no live consumer for stage segment",
        "checks": {"redis": True, "store": True, "segment": False, "extract": True, "normalize": True},
        "stages": {**_STAGE_QUEUES, "segment": {"queue": "segment", "consumers": 0}},
    },
    "internal_error": {"detail": "ConnectionError: Error 111 connecting to 127.0.0.1:6379. Connection refused."},
}

# POST /documents/files refuses other things in other words.
FILES_PROBLEM_DETAILS: dict[str, dict[str, Any]] = {
    "unsupported_media_type": {
        "detail": "send multipart/form-data, not application/json",
        "expected": "multipart/form-data",
    },
    "invalid_body": {"detail": "no file parts: send one or more `files` parts"},
}
