"""The segment worker: `docpipe worker segment` (or `celery -A services.segment.tasks worker -Q segment`).

A thin task around ``services.segment.stage.STAGE``; what it does per message is in
``docpipe.taskflow.process``.
"""
from __future__ import annotations

from docpipe.celery_app import make_celery
from docpipe.taskflow import define_stage_task

app = make_celery("docpipe-segment")
run_segment = define_stage_task(app, "segment")
