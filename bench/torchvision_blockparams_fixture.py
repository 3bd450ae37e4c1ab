"""Writes src/test/resources/designspace/torchvision-blockparams.csv: stage widths, depths and group widths that
torchvision's own BlockParams.from_init_params computes for seeded random RegNet parameters (and torchvision's
parameter counts of the full models for a few of them). Run with Debian's python3-torch/torchvision:
  /usr/bin/python3 bench/torchvision_blockparams_fixture.py
"""
import random

from torchvision.models.regnet import BlockParams, RegNet

rng = random.Random(1)
rows = []
for i in range(300):
    d = rng.randint(1, 30)
    w0 = 8 * rng.randint(1, 40)
    wa = round(rng.uniform(0, 250), 2)
    wm = round(rng.uniform(1.2, 3.5), 3)
    gw = rng.choice([1, 2, 4, 8, 12, 16, 24, 32, 40, 48, 56, 64, 96, 128])
    se = rng.choice([0.0, 0.25])
    bp = BlockParams.from_init_params(depth=d, w_0=w0, w_a=wa, w_m=wm, group_width=gw, se_ratio=se or None)
    params = -1
    if i < 40 and d <= 16 and w0 <= 128:
        model = RegNet(bp, num_classes=1000)
        params = sum(p.numel() for p in model.parameters())
    rows.append([d, w0, wa, wm, gw, se, " ".join(map(str, bp.widths)), " ".join(map(str, bp.depths)),
                 " ".join(map(str, bp.group_widths)), params])

with open("src/test/resources/designspace/torchvision-blockparams.csv", "w") as f:
    f.write("depth,w0,wa,wm,group_width,se_ratio,widths,depths,group_widths,num_params\n")
    for r in rows:
        f.write(",".join(map(str, r)) + "\n")
print(len(rows), "rows")
