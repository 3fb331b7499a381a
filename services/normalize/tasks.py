"""The normalize worker: `docpipe worker normalize` (or `celery -A services.normalize.tasks worker -Q normalize`).

A thin task around ``services.normalize.stage.STAGE``; what it does per message is in
``docpipe.taskflow.process``.
"""
from __future__ import annotations

from docpipe.celery_app import make_celery
from docpipe.taskflow import define_stage_task

app = make_celery("docpipe-normalize")
run_normalize = define_stage_task(app, "normalize")
