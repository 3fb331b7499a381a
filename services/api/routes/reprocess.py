"""``POST /admin/reprocess`` (queue stored documents again after a pipeline
change, from the first stage whose version changed) and
``GET /admin/reprocess/{job}`` (its progress). Admin keys only: it rewrites
results. The job itself is ``docpipe.reprocess``; it runs on a thread of this
API process, its progress is in Redis."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from docpipe import reprocess as rp
from docpipe.document import ENTITY_TYPES, Status
from docpipe.errors import InvalidBody, UnsupportedMediaType
from docpipe.pipeline import STAGE_NAMES
from docpipe.store.base import DocumentQuery

from ..access import require_scope
from ..deps import BackboneDep
from ..problems import InvalidQuery
from ..responses import json_response as _json
from ..responses import small_json_body
from ..review_schemas import inline_body
from ..schemas import header, ok, problem_responses

router = APIRouter(tags=["admin"], dependencies=[require_scope("admin")])

JOB_ID = r"^rp_[0-9a-f]{16}$"
MAX_BODY = 1024 * 1024
MAX_IDS = 10_000


class ReprocessIn(BaseModel):
    """Body of POST /admin/reprocess: ``ids``, or filters as ``GET /documents``
    takes them, or ``all: true``; ``from`` forces the re-run from a stage."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    ids: list[str] | None = Field(default=None, min_length=1, max_length=MAX_IDS, description="these documents")
    all: bool = Field(default=False, description="every stored document")
    status: str | None = Field(default=None, json_schema_extra={"enum": [s.value for s in Status]})
    entity: str | None = Field(default=None, description="an entity by any of its names")
    entity_type: str | None = Field(default=None, json_schema_extra={"enum": list(ENTITY_TYPES)})
    adcode: str | None = Field(default=None, pattern=r"^\d{6}$")
    industry: str | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    canonical_only: bool = False
    from_: str | None = Field(
        default=None,
        alias="from",
        json_schema_extra={"enum": list(STAGE_NAMES)},
        description="re-run from this stage even where its version is current",
    )

    def query(self) -> DocumentQuery:
        return DocumentQuery(
            status=Status(self.status) if self.status else None,
            entity_name=self.entity,
            entity_type=self.entity_type,
            adcode=self.adcode,
            industry=self.industry,
            published_from=self.published_from.isoformat() if self.published_from else None,
            published_to=self.published_to.isoformat() if self.published_to else None,
            canonical_only=self.canonical_only,
        )


class ReprocessJob(BaseModel):
    """A reprocessing job's progress."""

    id: str
    state: str = Field(description="running, done, stopped, failed, or lost (the API process running it stopped)")
    scanned: int = Field(description="documents of the selection looked at")
    queued: int = Field(description="queued again (from the stage in by_stage)")
    current: int = Field(description="every stage already at its current version: left alone")
    busy: int = Field(description="being processed right now (at the current versions): left alone")
    missing: int = Field(description="ids that name no document")
    by_stage: dict[str, int] = Field(description="first stage re-run -> documents")
    versions: dict[str, str] = Field(description="the stage versions documents are brought to")
    pipeline_version: str
    selection: dict[str, Any]
    started_at: str
    updated_at: str | None = None
    finished_at: str | None = None
    throttle_waits: int | None = Field(default=None, description="times the job waited for a full queue")
    error: str | None = None


_VERSIONS = {"segment": "0.1.0+755927a525f5", "extract": "0.1.0+fbadfe5e8791", "normalize": "0.1.0+f008332029c4"}
JOB_EXAMPLE = {
    "id": "rp_3f9a0c2b7d1e4f60",
    "state": "done",
    "scanned": 1200,
    "queued": 1180,
    "current": 15,
    "busy": 5,
    "missing": 0,
    "by_stage": {"normalize": 1180},
    "versions": _VERSIONS,
    "pipeline_version": "0.1.0+a98a76c83ac1",
    "selection": {"ids": [], "query": {}, "from": None},
    "started_at": "2024-01-20T08:00:00.000000Z",
    "updated_at": "2024-01-20T08:04:10.000000Z",
    "finished_at": "2024-01-20T08:04:10.000000Z",
    "throttle_waits": 412,
}
REQUEST_EXAMPLE = {"all": True}


def _selection(obj: Any) -> rp.Selection:
    if not isinstance(obj, dict):
        raise InvalidBody('expected {"ids": [...]}, filters as GET /documents takes them, or {"all": true}')
    try:
        body = ReprocessIn.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidBody(f"{where}: {first['msg']}") from None
    filters = body.model_dump(exclude={"ids", "all", "from_", "canonical_only"}, exclude_none=True)
    given = [
        name
        for name, on in (
            ("ids", body.ids is not None),
            ("filters", bool(filters) or body.canonical_only),
            ("all", body.all),
        )
        if on
    ]
    if len(given) != 1:
        raise InvalidBody("give one of: ids, filters (as GET /documents takes them), or all: true")
    # What the schema states as enums, checked (pydantic keeps them plain strings: a flat body).
    for name, value, allowed in (
        ("from", body.from_, STAGE_NAMES),
        ("entity_type", body.entity_type, ENTITY_TYPES),
        ("status", body.status, tuple(s.value for s in Status)),
    ):
        if value is not None and value not in allowed:
            raise InvalidBody(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    if body.ids is not None and not body.ids:
        raise InvalidBody("ids must name at least one document")
    return rp.Selection(ids=tuple(dict.fromkeys(body.ids or ())), query=body.query(), first=body.from_)


@router.post(
    "/admin/reprocess",
    status_code=202,
    response_model=ReprocessJob,
    operation_id="start_reprocess",
    summary="Queue stored documents again from the first stage whose version changed (throttled); returns the job",
    responses={
        **ok(202, JOB_EXAMPLE, headers={"Location": header("the job's progress, /admin/reprocess/{job}")}),
        **problem_responses(InvalidBody, UnsupportedMediaType),
    },
    openapi_extra=inline_body(ReprocessIn, REQUEST_EXAMPLE),
)
async def start_reprocess(request: Request, backbone: BackboneDep) -> Response:
    selection = _selection(await small_json_body(request, MAX_BODY, "at most"))
    job = await asyncio.to_thread(
        rp.start_job,
        selection,
        store=backbone.store,
        redis=backbone.redis,
        enqueue=backbone.enqueue_reprocess or backbone.enqueue,
    )
    state = await asyncio.to_thread(rp.progress, backbone.redis, job.id)
    return _json(state, 202, headers={"Location": f"/admin/reprocess/{job.id}"})


@router.get(
    "/admin/reprocess/{job_id}",
    response_model=ReprocessJob,
    operation_id="get_reprocess",
    summary="A reprocessing job's progress",
    responses={**ok(200, JOB_EXAMPLE), **problem_responses(rp.ReprocessJobNotFound, InvalidQuery)},
)
def get_reprocess(backbone: BackboneDep, job_id: Annotated[str, Path(pattern=JOB_ID)]) -> Response:
    state = rp.progress(backbone.redis, job_id)
    if state is None:
        raise rp.ReprocessJobNotFound(f"no reprocessing job {job_id} (finished jobs are kept 7 days)")
    return _json(state)
