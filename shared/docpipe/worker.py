"""The one stage worker: ``docpipe worker <stage>`` for any declared stage.

A Celery app with the thin task of that stage (``docpipe.<stage>``, see
``taskflow.define_stage_task``); the stage itself is loaded from the module
the declaration (``pipeline.toml``) names, when the worker warms up.
"""

from __future__ import annotations

from celery import Celery

from .celery_app import make_celery
from .pipeline import STAGE_NAMES
from .taskflow import define_stage_task


def app_for(stage: str) -> Celery:
    """A worker app for ``stage`` (ValueError for an undeclared one)."""
    if stage not in STAGE_NAMES:
        raise ValueError(f"unknown stage {stage!r}: declared are {', '.join(STAGE_NAMES)}")
    app = make_celery(f"docpipe-{stage}")
    define_stage_task(app, stage)
    return app
