"""What a re-submission re-runs is read off the stages' own declarations:
the API keeps a copy (it must not import the stage modules), held here to
the READS of every stage in pipeline order."""

from __future__ import annotations

from docpipe.pipeline import STAGE_NAMES, load_stage
from docpipe.store.common import RESUBMIT_FIELDS, rerun_stages, stages_from
from docpipe.taskflow import INPUT_READERS, RERUN_ON, rerun_from


def test_input_readers_are_the_stages_reads_declarations() -> None:
    stages = [load_stage(name) for name in STAGE_NAMES]
    declared = {field: tuple(s.name for s in stages if field in s.reads) for field in RESUBMIT_FIELDS}
    assert declared == INPUT_READERS


def test_a_new_published_at_re_runs_from_the_first_stage_that_reads_it() -> None:
    # segment reads published_at (the request's date wins over a detected one),
    # normalize resolves periods against it: segment is the first.
    assert rerun_from() == {"published_at": "segment"}
    assert set(RERUN_ON) <= set(RESUBMIT_FIELDS)
    assert rerun_stages({"published_at": "2024-01-01"}, rerun_from()) == STAGE_NAMES
    assert rerun_stages({"title": "t", "metadata": {}}, rerun_from()) == ()
    assert stages_from("normalize") == ("normalize",) and stages_from(None) == ()
