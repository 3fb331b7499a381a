"""The extract worker: `docpipe worker extract` (or `celery -A services.extract.tasks worker -Q extract`).

A thin task around ``services.extract.stage.STAGE``; what it does per message is in
``docpipe.taskflow.process``.
"""
from __future__ import annotations

from docpipe.celery_app import make_celery
from docpipe.taskflow import define_stage_task

app = make_celery("docpipe-extract")
run_extract = define_stage_task(app, "extract")
