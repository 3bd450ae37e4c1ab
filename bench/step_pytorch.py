"""PyTorch peer of `seer4j bench-step`: torchvision RegNet training steps (forward, loss gradient, backward, SGD
update) on synthetic images; prints one JSON object. Run with Debian's /usr/bin/python3 (python3-torch 1.13)."""
import argparse, json, time
from functools import partial

import torch
import torch.nn as nn
from torchvision.models.regnet import RegNet, BlockParams

GENERATORS = {  # pycls generator numbers: depth, w0, wa, wm, group width, SE ratio
    "RegNetY-200MF": (13, 24, 36.44, 2.49, 8, 0.25),
    "RegNetX-200MF": (13, 24, 36.44, 2.49, 8, None),
    "RegNetY-400MF": (16, 48, 27.89, 2.09, 8, 0.25),
}

p = argparse.ArgumentParser()
p.add_argument("--model", default="RegNetY-200MF")
p.add_argument("--resolution", type=int, default=32)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--channels", type=int, default=3)
p.add_argument("--steps", type=int, default=20)
p.add_argument("--warmup", type=int, default=5)
p.add_argument("--warmup-seconds", type=float, default=10, help="untimed steps for at least this long (as seer4j)")
p.add_argument("--threads", type=int, default=0)
a = p.parse_args()
if a.threads:
    torch.set_num_threads(a.threads)
d, w0, wa, wm, gw, se = GENERATORS[a.model]
bp = BlockParams.from_init_params(depth=d, w_0=w0, w_a=wa, w_m=wm, group_width=gw, se_ratio=se)
net = RegNet(bp, norm_layer=partial(nn.BatchNorm2d, eps=1e-5, momentum=0.1))
if a.channels != 3:
    net.stem[0] = nn.Conv2d(a.channels, 32, 3, 2, 1, bias=False)
net.train()
torch.manual_seed(7)
x = torch.rand(a.batch, a.channels, a.resolution, a.resolution)
g = (torch.rand(a.batch, 1000) - 0.5) / a.batch
opt = torch.optim.SGD(net.parameters(), lr=0.01)

def step():
    opt.zero_grad(set_to_none=False)
    out = net(x)
    out.backward(g)
    opt.step()

t = time.perf_counter()
w = 0
while w < a.warmup or time.perf_counter() - t < a.warmup_seconds:
    step()
    w += 1
t = time.perf_counter()
for _ in range(a.steps):
    step()
sec = time.perf_counter() - t
print(json.dumps({"framework": "pytorch " + torch.__version__, "model": a.model, "resolution": a.resolution,
                  "batch": a.batch, "threads": torch.get_num_threads(),
                  "parameters": sum(q.numel() for q in net.parameters()),
                  "imagesPerSecond": a.batch * a.steps / sec, "stepMillis": sec * 1e3 / a.steps}))
