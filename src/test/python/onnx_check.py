#!/usr/bin/python3
"""Checks an ONNX file written by 'seer4j export --format onnx' with the onnx package (Debian python3-onnx):
onnx.checker.check_model(full_check=True) (which also runs strict shape inference), then prints the opset, the
inputs/outputs with their symbolic dimensions, and the operator counts as JSON.

  /usr/bin/python3 src/test/python/onnx_check.py MODEL.onnx
"""
import collections
import json
import sys

import onnx


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def main(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    ops = collections.Counter(n.op_type for n in model.graph.node)
    print(json.dumps({
        "file": path, "checker": "ok", "ir_version": model.ir_version,
        "opset": [o.version for o in model.opset_import],
        "inputs": {i.name: dims(i) for i in model.graph.input},
        "outputs": {o.name: dims(o) for o in inferred.graph.output},
        "initializers": len(model.graph.initializer), "nodes": dict(sorted(ops.items())),
    }))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
