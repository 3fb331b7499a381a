"""Stage versions (``docpipe.versions``): the declared version plus a hash of
the stage's code and the data tables its code names. A changed table or
module changes the hash; every data file a stage opens while it warms up and
runs is among what its version hashes (checked with an audit hook, each stage
in a fresh process that runs only that stage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from docpipe import versions
from docpipe.declaration import DECLARED

ROOT = Path(__file__).resolve().parents[2]
# Near-duplicate detection would want Redis; it reads no data file.
ENV = {**os.environ, "DOCPIPE_NEARDUP_ENABLED": "false"}
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]


def test_a_version_is_the_declared_one_plus_a_hash_computed_once() -> None:
    for decl in DECLARED.stages:
        version = versions.stage_version(decl.name)
        declared, _, digest = version.partition("+")
        assert declared == decl.version and len(digest) == versions.DIGEST_CHARS
        assert versions.stage_version(decl.name) is version  # cached: once per process
    assert len(set(versions.stage_versions().values())) == len(DECLARED.stages)


def test_a_stage_hashes_its_own_code_and_tables_not_the_others() -> None:
    labels = {name: {label for label, _ in versions.inputs(name)} for name in DECLARED.names}
    assert "code:services.normalize.stage" in labels["normalize"]
    assert "code:services.normalize.stage" not in labels["extract"]
    assert "data:measures/measures.tsv" in labels["normalize"]
    assert "data:measures/measures.tsv" not in labels["segment"]
    assert "data:jieba/userdict.txt" in labels["segment"]
    assert "code:docpipe.document" in labels["extract"]  # the library a stage imports is its code too


def test_a_changed_table_or_module_changes_the_hash(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "measures").mkdir(parents=True)
    (data / "measures" / "measures.tsv").write_text("gdp\t地区生产总值\n", encoding="utf-8")
    (data / "unrelated.tsv").write_text("x\n", encoding="utf-8")
    code = tmp_path / "stage.py"
    code.write_text('TABLE = "measures/measures.tsv"\n', encoding="utf-8")

    def version() -> str:
        files = [("code", code), *((p.name, p) for p in versions.data_files([code], data))]
        return versions.digest(files, "0.1.0")

    first = version()
    assert [p.name for p in versions.data_files([code], data)] == ["measures.tsv"]
    (data / "unrelated.tsv").write_text("y\n", encoding="utf-8")
    assert version() == first  # a table the stage does not name
    (data / "measures" / "measures.tsv").write_text("gdp\t地区生产总值\tGDP\n", encoding="utf-8")
    second = version()
    assert second != first
    code.write_text('TABLE = "measures/measures.tsv"  # changed\n', encoding="utf-8")
    assert version() != second


# Runs one stage in a fresh process on a stored document and prints every
# file under docpipe/data it opened while importing, warming up and running.
_ONE_STAGE = r"""
import json, sys
from pathlib import Path
from docpipe.versions import DATA_DIR
opened = set()
data = str(DATA_DIR.resolve())

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, Path)):
        path = str(Path(args[0]).resolve())
        if path.startswith(data):
            opened.add(Path(path).relative_to(data).as_posix())

from docpipe.document import Document
doc = Document.model_validate_json(Path(sys.argv[2]).read_text(encoding="utf-8"))
sys.addaudithook(hook)
from docpipe.pipeline import load_stage
stage = load_stage(sys.argv[1])
if stage.warm_up is not None:
    stage.warm_up()
stage.run(doc)
print(json.dumps(sorted(opened)))
"""

_EARLIER = r"""
import sys
from pathlib import Path
from docpipe.ingest import new_document
from docpipe.pipeline import load_stage, STAGE_NAMES
doc = new_document(Path(sys.argv[1]).read_text(encoding="utf-8"))
for name in STAGE_NAMES:
    Path(sys.argv[2], name + ".json").write_text(doc.model_dump_json(), encoding="utf-8")
    doc = load_stage(name).run(doc)
"""


def test_every_data_file_a_stage_opens_is_in_its_version(tmp_path: Path) -> None:
    env_run = [sys.executable, "-c"]
    subprocess.run([*env_run, _EARLIER, str(SEED), str(tmp_path)], check=True, cwd=ROOT, timeout=600, env=ENV)
    for name in DECLARED.names:
        out = subprocess.run(
            [*env_run, _ONE_STAGE, name, str(tmp_path / f"{name}.json")],
            check=True,
            cwd=ROOT,
            timeout=600,
            capture_output=True,
            text=True,
            env=ENV,
        )
        opened = set(json.loads(out.stdout.strip().splitlines()[-1]))
        hashed = {label.removeprefix("data:") for label, _ in versions.inputs(name) if label.startswith("data:")}
        assert opened, f"{name} opened no data file: the hook saw nothing"
        assert opened <= hashed, f"{name} opens data its version does not hash: {sorted(opened - hashed)}"
