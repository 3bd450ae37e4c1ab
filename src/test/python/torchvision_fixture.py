#!/usr/bin/python3
"""torchvision <-> seer4j weight fixtures and checks (PyTorch 1.13 / torchvision 0.14 from Debian).

  make OUTDIR [--model tiny|regnet_y_400mf|regnet_y_200mf... ] [--size 20] [--batch 2] [--seed 0]
      Builds a torchvision RegNet with random weights and random batch-norm statistics, and writes
      OUTDIR/<model>.safetensors (its state_dict), OUTDIR/<model>_io.safetensors (input [N,3,S,S], the eval-mode
      output and the pooled trunk features before fc). 'tiny' is the CI fixture: RegNet(BlockParams(depths [1, 2], widths [16, 32], group widths [8, 8],
      bottleneck 1, strides [2, 2], se 0.25), stem 8, 10 classes) -- the seer4j test builds the equal spec.
  check WEIGHTS IO
      Builds a torchvision RegNet from the shapes in a seer4j export (WEIGHTS), loads it with strict=True (an
      Identity fc for a head-less trunk, a 1-channel stem when the export has one), runs it in eval mode on IO's
      'input' and prints the max abs and max relative difference from IO's 'output' (seer4j's) as JSON.

safetensors is written and read by hand (struct + json), so the 'safetensors' package is not needed.
"""
import json
import struct
import sys

import numpy as np
import torch
from torch import nn
from torchvision.models import regnet as tvr

DTYPES = {"F32": (np.float32, torch.float32), "F64": (np.float64, torch.float64), "I64": (np.int64, torch.int64)}


def save_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        t = t.detach().contiguous()
        code = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}[t.dtype]
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        np_type, _ = DTYPES[e["dtype"]]
        b, end = e["data_offsets"]
        arr = np.frombuffer(data[b:end], dtype=np.dtype(np_type).newbyteorder("<")).reshape(e["shape"])
        out[name] = torch.from_numpy(arr.astype(np_type).copy())
    return out


def tiny():
    params = tvr.BlockParams(depths=[1, 2], widths=[16, 32], group_widths=[8, 8],
                             bottleneck_multipliers=[1.0, 1.0], strides=[2, 2], se_ratio=0.25)
    return tvr.RegNet(params, num_classes=10, stem_width=8)


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if t.dtype != torch.float32:
                continue
            if name.endswith("running_var"):
                t.copy_(0.5 + torch.rand(t.shape, generator=g))
            elif name.endswith("running_mean") or name.endswith(".bias"):
                t.copy_(0.2 * torch.randn(t.shape, generator=g))
            elif t.dim() == 1:  # batch-norm gamma
                t.copy_(0.5 + torch.rand(t.shape, generator=g))
            else:
                fan_in = t[0].numel()
                t.copy_(torch.randn(t.shape, generator=g) * (2.0 / fan_in) ** 0.5)


def make(outdir, model_name="tiny", size=20, batch=2, seed=0):
    model = tiny() if model_name == "tiny" else getattr(tvr, model_name)()
    randomize(model, seed)
    model.eval()
    x = torch.randn(batch, 3, size, size, generator=torch.Generator().manual_seed(seed + 1))
    with torch.no_grad():
        y = model(x)
        features = model.avgpool(model.trunk_output(model.stem(x))).flatten(1)  # what a head-less trunk outputs
    save_safetensors(f"{outdir}/{model_name}.safetensors", model.state_dict(),
                     {"format": "pt", "producer": "torchvision_fixture.py", "model": model_name})
    save_safetensors(f"{outdir}/{model_name}_io.safetensors", {"input": x, "output": y, "features": features})
    print(json.dumps({"model": model_name, "tensors": len(model.state_dict()), "input": list(x.shape),
                      "output": list(y.shape)}))


def build_from_state(sd):
    """A torchvision RegNet with the architecture the state dict's shapes describe."""
    stem_w, in_ch = sd["stem.0.weight"].shape[:2]
    stages, s = [], 1
    while f"trunk_output.block{s}.block{s}-0.f.a.0.weight" in sd:
        depth = 0
        while f"trunk_output.block{s}.block{s}-{depth}.f.a.0.weight" in sd:
            depth += 1
        p = f"trunk_output.block{s}.block{s}-0."
        width, wb = sd[p + "f.c.0.weight"].shape[0], sd[p + "f.a.0.weight"].shape[0]
        w_in = sd[p + "f.a.0.weight"].shape[1]
        se = sd[p + "f.se.fc1.weight"].shape[0] / w_in if p + "f.se.fc1.weight" in sd else None
        stages.append((depth, width, sd[p + "f.b.0.weight"].shape[1], wb / width, se))
        s += 1
    se_ratio = stages[0][4]
    params = tvr.BlockParams(depths=[t[0] for t in stages], widths=[t[1] for t in stages],
                             group_widths=[t[2] for t in stages], bottleneck_multipliers=[t[3] for t in stages],
                             strides=[2] * len(stages), se_ratio=se_ratio)
    classes = sd["fc.weight"].shape[0] if "fc.weight" in sd else 1
    model = tvr.RegNet(params, num_classes=classes, stem_width=stem_w)
    if in_ch != 3:
        model.stem = tvr.SimpleStemIN(in_ch, stem_w, nn.BatchNorm2d, nn.ReLU)
    if "fc.weight" not in sd:
        model.fc = nn.Identity()
    return model


def check(weights, io):
    sd = load_safetensors(weights)
    model = build_from_state(sd)
    model.load_state_dict(sd, strict=True)
    model.eval()
    t = load_safetensors(io)
    with torch.no_grad():
        y = model(t["input"].float())
    ref = t["output"].float()
    diff = (y - ref).abs()
    rel = diff.max().item() / ref.abs().max().item()  # relative to the output's scale
    print(json.dumps({"tensors": len(sd), "strict": True, "output": list(y.shape),
                      "max_abs": diff.max().item(), "max_rel": rel, "max_ref": ref.abs().max().item()}))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "make":
        opts = dict(zip(sys.argv[3::2], sys.argv[4::2]))
        make(sys.argv[2], opts.get("--model", "tiny"), int(opts.get("--size", 20)), int(opts.get("--batch", 2)),
             int(opts.get("--seed", 0)))
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
