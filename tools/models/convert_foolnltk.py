"""Convert FoolNLTK 0.1.7's NER graph (a TF1 frozen graph) to ONNX, and check it.

TensorFlow is needed only here: docpipe runs the result with onnxruntime and
numpy (``services/extract/foolnltk.py``) and never imports TensorFlow, not
even in its tests. Run this in a throwaway venv outside the repository:

    python3.11 -m venv /tmp/tfconv
    /tmp/tfconv/bin/pip install "tensorflow-cpu==2.15.1" "tf2onnx==1.16.1" "onnx==1.17.0" \
        "onnxruntime==1.26.0" "numpy==1.26.4" "protobuf==3.20.3"
    pip download --no-deps --no-binary :all: foolnltk==0.1.7 -d /tmp/foolsrc

    # from the repository root:
    /tmp/tfconv/bin/python tools/models/convert_foolnltk.py convert --sdist /tmp/foolsrc/foolnltk-0.1.7.tar.gz
    /tmp/tfconv/bin/python tools/models/convert_foolnltk.py verify --sdist /tmp/foolsrc/foolnltk-0.1.7.tar.gz
    /tmp/tfconv/bin/python tools/models/convert_foolnltk.py golden --sdist /tmp/foolsrc/foolnltk-0.1.7.tar.gz

``convert`` writes into ``shared/docpipe/data/models/foolnltk/``:
``ner.onnx`` (inputs ``char_inputs`` int32 (batch, length) and ``lengths``
int32 (batch,), output ``logits`` float32 (batch, length, 25)),
``char_map.json`` (character -> id, as shipped), ``labels.json`` (``tags``: tag
names by id, as shipped; ``docpipe``: FoolNLTK's entity types -> docpipe's
labels) and ``transitions.json`` (the CRF's 26x26 transition scores; row and
column 25 are the start state FoolNLTK's decoder prepends), then prints each
file's sha256 for the README. The JSON files come out byte for byte the same
on every run; ``ner.onnx`` does not (tf2onnx names and orders its folded
constants differently from run to run), but holds the same weights and gives
the same logits: ``verify`` is the check, not the digest.

``verify`` runs the original TF graph with FoolNLTK's own decoding
(re-implemented here: the sdist imports ``tensorflow.contrib``, which TF2 has
not) and the ONNX file through docpipe's runtime module, on the sentences of
the seeds and the held-out articles, and prints how many tags agree.

``golden`` prints the original model's spans for a few sentences, for
``tests/unit/test_foolnltk.py``.

What the sdist does, read from its ``fool/predictor.py`` and ``fool/lexical.py``:
each character is looked up in ``char_map`` (a character it lacks becomes
``<OOV>``, id 1; no normalisation), sentences are padded with 0 and fed with
their lengths and ``dropout`` = 1.0; the CRF transitions are read from the
graph; decoding is Viterbi over the logits with a start state prepended (a
first row of -1000 for the real tags and 0 for an extra tag 25, and a -1000
column for tag 25 elsewhere); tags are B_/M_/E_/S_ + one of location, org,
person, company, time, job.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tarfile
import zipfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "shared" / "docpipe" / "data" / "models" / "foolnltk"
SDIST_NAME = "foolnltk-0.1.7.tar.gz"
SDIST_SHA256 = "296dac1ca37b647d81ee8c37bb123f2b4cda4aec305893952b39e5686b7416f6"
OPSET = 15

# The graph's tensors, as fool/predictor.py names them (with its "prefix/" scope dropped).
IN_CHARS, IN_LENGTHS, IN_DROPOUT = "char_inputs", "lengths", "dropout"
OUT_LOGITS, TRANSITIONS = "project/logits", "crf_loss/transitions"
# Dropout blocks (x / keep * floor(keep + U[0,1))): with keep = 1.0, the value
# FoolNLTK feeds at prediction time, each is exactly x. Cutting them out keeps
# RandomUniform out of the ONNX graph. Output of the block -> its input.
# FoolNLTK's entity types -> docpipe's labels (time and job are dropped).
DOCPIPE_LABELS = {"company": "company", "org": "organization", "person": "person", "location": "location"}
DROPOUTS = {
    "dropout_1/mul": "char_embedding/embedding_lookup",
    "project/hidden/dropout/mul": "project/hidden/Tanh",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_sdist(sdist: Path) -> tuple[bytes, dict]:
    """The NER graph's bytes and the map file's JSON, from the sdist itself."""
    digest = sha256(sdist)
    if digest != SDIST_SHA256:
        sys.exit(f"{sdist}: sha256 {digest}, expected {SDIST_SHA256}")
    with tarfile.open(sdist) as tar:
        graph_file = tar.extractfile("foolnltk-0.1.7/data/ner.pb")
        map_file = tar.extractfile("foolnltk-0.1.7/data/map.zip")
        assert graph_file is not None and map_file is not None, f"{sdist}: model files missing"
        graph, zipped = graph_file.read(), map_file.read()
    import io

    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        # fool/lexical.py reads the first line only; the file is one line.
        maps = json.loads(z.open("all_map.json").readline().decode())
    return graph, maps


def inference_graph_def(graph_bytes: bytes):
    """The frozen graph with its dropout blocks bypassed and everything not
    needed for the logits dropped."""
    import tensorflow as tf

    gd = tf.compat.v1.GraphDef()
    gd.ParseFromString(graph_bytes)
    for node in gd.node:
        for k, inp in enumerate(node.input):
            if inp in DROPOUTS:
                node.input[k] = DROPOUTS[inp]
    return tf.compat.v1.graph_util.extract_sub_graph(gd, [OUT_LOGITS])


def transitions_of(graph_bytes: bytes) -> np.ndarray:
    import tensorflow as tf

    gd = tf.compat.v1.GraphDef()
    gd.ParseFromString(graph_bytes)
    (node,) = [n for n in gd.node if n.name == TRANSITIONS]
    return tf.make_ndarray(node.attr["value"].tensor)


def convert(args: argparse.Namespace) -> None:
    import onnx
    import tf2onnx

    graph_bytes, maps = read_sdist(args.sdist)
    gd = inference_graph_def(graph_bytes)
    # tf2onnx's from_graph_def would run TF's grappler first, whose constant
    # folding turns the loops' Enter(kernel) into constants that tf2onnx's
    # LSTM pattern no longer matches (the BiLSTM then becomes two Scan loops).
    # The graph is frozen already, so it goes to the common step directly and
    # each direction becomes one ONNX LSTM (one bidirectional LSTM op).
    rename = {f"{IN_CHARS}:0": "char_inputs", f"{IN_LENGTHS}:0": "lengths", f"{OUT_LOGITS}:0": "logits"}
    model, _ = tf2onnx.convert._convert_common(
        gd,
        name="foolnltk_ner",
        continue_on_error=False,
        opset=OPSET,
        input_names=[f"{IN_CHARS}:0", f"{IN_LENGTHS}:0"],
        output_names=[f"{OUT_LOGITS}:0"],
        tensors_to_rename=rename,
    )
    ops = {n.op_type for n in model.graph.node}
    if "LSTM" not in ops or {"Scan", "Loop"} & ops:
        sys.exit(f"the BiLSTM was not rewritten to an ONNX LSTM: {sorted(ops)}")
    model.doc_string = "FoolNLTK 0.1.7 NER (BiLSTM-CRF emissions), converted by tools/models/convert_foolnltk.py"
    onnx.checker.check_model(model)

    args.out.mkdir(parents=True, exist_ok=True)
    onnx.save(model, args.out / "ner.onnx")
    labels = [maps["ner_map"][str(i)] for i in range(len(maps["ner_map"]))]
    trans = transitions_of(graph_bytes)
    assert trans.shape == (len(labels) + 1, len(labels) + 1), trans.shape
    _write_json(args.out / "char_map.json", maps["char_map"])
    _write_json(args.out / "labels.json", {"tags": labels, "docpipe": DOCPIPE_LABELS})
    # float32 -> Python float -> JSON text -> float32 is exact.
    _write_json(args.out / "transitions.json", [[float(x) for x in row] for row in trans])
    for name in ("ner.onnx", "char_map.json", "labels.json", "transitions.json"):
        print(f"{sha256(args.out / name)}  {name}")


def _write_json(path: Path, data: object) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


# --- the original model, as FoolNLTK runs it ---------------------------------


class Original:
    """FoolNLTK's Predictor + LexicalAnalyzer.ner on TF2's v1 compatibility layer."""

    def __init__(self, sdist: Path) -> None:
        import tensorflow as tf

        graph_bytes, maps = read_sdist(sdist)
        gd = tf.compat.v1.GraphDef()
        gd.ParseFromString(graph_bytes)
        graph = tf.Graph()
        with graph.as_default():
            tf.compat.v1.import_graph_def(gd, name="prefix")
        self.char_to_id = maps["char_map"]
        self.id_to_tag = {int(k): v for k, v in maps["ner_map"].items()}
        g = graph.get_tensor_by_name
        self.feeds = (g(f"prefix/{IN_CHARS}:0"), g(f"prefix/{IN_LENGTHS}:0"), g(f"prefix/{IN_DROPOUT}:0"))
        self.fetches = [g(f"prefix/{OUT_LOGITS}:0"), g(f"prefix/{TRANSITIONS}:0")]
        self.sess = tf.compat.v1.Session(graph=graph)

    def inputs(self, sents: list[str]) -> tuple[np.ndarray, list[int]]:
        """Ids padded with 0, and lengths, as fool/predictor.py builds them."""
        lengths = [len(s) for s in sents]
        width = max(lengths)
        oov = self.char_to_id["<OOV>"]
        ids = [[self.char_to_id.get(c, oov) for c in s] + [0] * (width - len(s)) for s in sents]
        return np.array(ids, dtype=np.int32), lengths

    def logits(self, sents: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
        ids, lengths = self.inputs(sents)
        x, n, d = self.feeds
        logits, trans = self.sess.run(self.fetches, {x: ids, n: lengths, d: 1.0})
        return [lg[:k] for lg, k in zip(logits, lengths, strict=False)], trans

    def tags(self, sents: list[str]) -> list[list[str]]:
        logits, trans = self.logits(sents)
        return [[self.id_to_tag[t] for t in _fool_decode(lg, trans)] for lg in logits]

    def spans(self, sents: list[str]) -> list[list[tuple[int, int, str]]]:
        return [_fool_spans(s, t) for s, t in zip(sents, self.tags(sents), strict=False)]


def _fool_decode(logit: np.ndarray, trans: np.ndarray) -> list[int]:
    """fool/predictor.py's ``decode`` for one sentence: the start row and pad
    column, then the textbook Viterbi that tf.contrib.crf.viterbi_decode is."""
    small = -1000.0
    n_tags = logit.shape[1]
    start = np.asarray([[small] * n_tags + [0]])
    score = np.concatenate([logit, small * np.ones([len(logit), 1])], axis=1)
    score = np.concatenate([start, score], axis=0)
    trellis = np.zeros_like(score)
    back = np.zeros_like(score, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, len(score)):
        v = trellis[t - 1][:, None] + trans
        trellis[t] = score[t] + v.max(0)
        back[t] = v.argmax(0)
    path = [int(trellis[-1].argmax())]
    for bp in back[:0:-1]:
        path.append(int(bp[path[-1]]))
    path.reverse()
    return path[1:]


def _fool_spans(text: str, tags: list[str]) -> list[tuple[int, int, str]]:
    """fool/lexical.py's ``ner`` loop (without the entity text)."""
    out, entity, i, kind = [], "", 0, ""
    for tag, ch in zip(tags, text, strict=False):
        i += 1
        if tag == "O":
            continue
        prefix, kind = tag.split("_")
        if prefix == "S":
            out.append((i - 1, i, kind))
        elif prefix == "B":
            entity = ch
        elif prefix == "M":
            entity += ch
        elif prefix == "E":
            entity += ch
            out.append((i - len(entity), i, kind))
            entity = ""
    if entity:
        out.append((i - len(entity), i, kind))
    return out


# --- checks -------------------------------------------------------------------


def _runtime():
    """docpipe's runtime module, loaded from its file (so that the services
    package's other imports are not needed in this venv)."""
    import importlib.util

    path = REPO / "services" / "extract" / "foolnltk.py"
    spec = importlib.util.spec_from_file_location("docpipe_foolnltk", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def sentences(limit: int | None = None) -> list[str]:
    """Sentences (as the runtime chunks them) of the seeds and of the labelled
    held-out sets heldout … heldout4."""
    rt = _runtime()
    files = sorted(Path("/work/shared/seeds").glob("*.txt"))
    for name in ("heldout", "heldout2", "heldout3", "heldout4"):
        files += sorted((REPO / "tests" / name / "articles").glob("*.txt"))
    out: list[str] = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        out += [text[s:e] for s, e in rt.chunks(text)]
    return out[:limit] if limit else out


def verify(args: argparse.Namespace) -> None:
    rt = _runtime()
    original = Original(args.sdist)
    sents = sentences(args.limit)
    # fool.ner(list) runs its whole list as one padded batch; here batches of
    # 16 sentences in reading order (the BiLSTM reads lengths, so padding
    # changes nothing), while the runtime batches them by length.
    res = rt.load_resources(args.out)
    tf_tags: list[list[str]] = []
    max_diff = 0.0
    for k in range(0, len(sents), 16):
        part = sents[k : k + 16]
        tf_tags += original.tags(part)
        ids, lengths = original.inputs(part)
        ours = res.session.run(None, {"char_inputs": ids, "lengths": np.array(lengths, dtype=np.int32)})[0]
        for tf_row, onnx_row, n in zip(original.logits(part)[0], ours, lengths, strict=False):
            max_diff = max(max_diff, float(np.abs(tf_row - onnx_row[:n]).max()))
    onnx_tags = [[res.tags[t] for t in p] for p in rt.tag_ids(sents, res)]
    chars = same = sent_same = 0
    spans_tf = spans_onnx = spans_same = 0
    for s, a, b in zip(sents, tf_tags, onnx_tags, strict=True):
        assert len(a) == len(b) == len(s)
        chars += len(s)
        same += sum(x == y for x, y in zip(a, b, strict=False))
        sent_same += a == b
        # The runtime trims blanks at a span's ends (they are <OOV>, never
        # part of a name); the original's spans are compared trimmed too.
        sa = {(*rt.trim(s, x, y), DOCPIPE_LABELS[k]) for x, y, k in _fool_spans(s, a) if k in DOCPIPE_LABELS}
        sa = {x for x in sa if x[0] < x[1]}
        sb = {(m.start, m.end, m.label) for m in rt.tag([s], res)[0]}
        spans_tf += len(sa)
        spans_onnx += len(sb)
        spans_same += len(sa & sb)
    print(
        json.dumps(
            {
                "sentences": len(sents),
                "characters": chars,
                "max_logit_difference": max_diff,
                "tag_agreement": same / chars,
                "sentences_identical": sent_same / len(sents),
                "spans_tf": spans_tf,
                "spans_onnx_runtime": spans_onnx,
                "spans_identical": spans_same,
            },
            indent=1,
        )
    )


GOLDEN = [
    "阿里巴巴集团董事局主席马云在杭州会见了中国人民银行行长易纲。",
    "华为技术有限公司与深圳市人民政府签署战略合作协议。",
    "国家统计局1月17日发布数据，2019年全国居民人均可支配收入30733元。",
    "Apple and Microsoft reported earnings on Tuesday.",
    "浙江省杭州市余杭区",
    "中国石油天然气集团有限公司董事长戴厚良表示，公司将加大勘探开发力度。",
]


def golden(args: argparse.Namespace) -> None:
    original = Original(args.sdist)
    for s, spans in zip(GOLDEN, original.spans(GOLDEN), strict=False):
        kept = [(a, b, DOCPIPE_LABELS[k]) for a, b, k in spans if k in DOCPIPE_LABELS]
        print(f"    ({s!r}, {kept!r}),")


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["convert", "verify", "golden"])
    p.add_argument("--sdist", type=Path, default=Path("/tmp/foolsrc") / SDIST_NAME)
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--limit", type=int, default=None, help="verify: at most this many sentences")
    args = p.parse_args()
    {"convert": convert, "verify": verify, "golden": golden}[args.command](args)


if __name__ == "__main__":
    main()
