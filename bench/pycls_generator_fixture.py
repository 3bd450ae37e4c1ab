"""Writes src/test/resources/designspace/pycls-generator.csv: stage widths, depths and group widths that pycls's own
generate_regnet + adjust_block_compatibility compute for seeded random parameters (including bottleneck
multipliers). The two functions are taken at run time from a pycls checkout given as the first argument (its
pycls/models/regnet.py and blocks.py), so nothing of pycls is copied here:
  /usr/bin/python3 bench/pycls_generator_fixture.py /path/to/pycls/models
"""
import ast
import random
import sys

import numpy as np


def load(path, name):
    tree = ast.parse(open(path).read())
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    ns = {"np": np}
    exec(compile(ast.Module(body=[fn], type_ignores=[]), path, "exec"), ns)
    return ns[name]


src = sys.argv[1]
generate_regnet = load(src + "/regnet.py", "generate_regnet")
adjust = load(src + "/blocks.py", "adjust_block_compatibility")
rng = random.Random(2)
with open("src/test/resources/designspace/pycls-generator.csv", "w") as f:
    f.write("depth,w0,wa,wm,group_width,bottleneck,widths,depths,group_widths,num_stages,total_stages\n")
    for _ in range(500):
        d = rng.randint(1, 40)
        w0 = 8 * rng.randint(1, 64)
        wa = round(rng.uniform(0, 300), 2)
        wm = round(rng.uniform(1.05, 4), 3)
        gw = rng.randint(1, 128)
        b = rng.choice([1.0, 1.0, 0.5, 0.25, 2.0, 4.0])
        ws, ds, num_s, total_s, _, _ = generate_regnet(wa, w0, wm, d)
        ws, bs, gs = adjust(ws, [b] * len(ws), [gw] * len(ws))
        f.write(",".join(map(str, [d, w0, wa, wm, gw, b, " ".join(map(str, ws)), " ".join(map(str, ds)),
                                   " ".join(map(str, gs)), num_s, int(total_s)])) + "\n")
print("written")
