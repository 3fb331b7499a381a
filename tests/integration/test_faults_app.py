"""A segment worker app with injected faults, for test_faults.py (run as
``celery -A test_faults_app worker -Q segment``; holds no tests).

The real segment stage, wrapped: a text containing 【慢】 sleeps first (a
task long enough to kill mid-way), one containing 【坏】 raises an error
with a stable code (a document that cannot be processed).
"""

from __future__ import annotations

import dataclasses
import os
import time

from docpipe.celery_app import make_celery
from docpipe.document import Document
from docpipe.errors import DocpipeError
from docpipe.pipeline import Stage, load_stage
from docpipe.taskflow import define_stage_task

SLOW, BAD = "【慢】", "【坏】"


class InjectedFailure(DocpipeError):
    code, status, title = "injected_failure", 500, "An injected failure"


def _faulty(stage: Stage) -> Stage:
    def run(doc: Document) -> Document:
        if SLOW in doc.raw_text:
            time.sleep(float(os.environ.get("FAULT_SLEEP_S", "2")))
        if BAD in doc.raw_text:
            raise InjectedFailure("the text asked for a failure")
        return stage.run(doc)

    return dataclasses.replace(stage, run=run)


app = make_celery("docpipe-segment-faulty")
run_segment = define_stage_task(app, "segment", stage_loader=lambda: _faulty(load_stage("segment")))
