"""A pycls-style sampler in Python/NumPy, for timing against `seer4j sample --bench`.

Generates RegNetY specs the way pycls's sweep does (numpy generator, log-uniform draws, per-stage unique widths,
compatibility adjustment) and prices each with a pycls-style complexity walk over every block. Prints
{"specsPerSecond": N} for the given number of specs.
"""
import json
import sys
import time

import numpy as np


def log_uniform(rng, low, high, q):
    f = np.exp(-rng.uniform(-np.log(high), -np.log(low - min(q, low / 2))))
    return np.ceil(f / q) * q


def power2_or_log_uniform(rng, low, high, q):
    f = 2 ** np.floor(rng.uniform(np.log2(low), np.log2(high) + 1))
    return log_uniform(rng, max(low, q), high, min(high, q)) if f >= q else f


def generate(wa, w0, wm, d, q=8):
    ws_cont = np.arange(d) * wa + w0
    ks = np.round(np.log(ws_cont / w0) / np.log(wm))
    ws_all = np.round(w0 * np.power(wm, ks) / q).astype(int) * q
    ws, ds = np.unique(ws_all, return_counts=True)
    return ws.tolist(), ds.tolist(), len(ws), int(ks.max()) + 1


def adjust(ws, gw):
    out_w, out_g = [], []
    for w in ws:
        g = min(gw, w)
        out_w.append(max(g, int(round(w / g) * g)))
        out_g.append(g)
    return out_w, out_g


def conv(cx, w_in, w_out, k, stride=1, groups=1, bias=False):
    h = (cx[0] - 1) // stride + 1
    cx[0] = h
    cx[1] += k * k * w_in * w_out * h * h // groups + (w_out * h * h if bias else 0)
    cx[2] += k * k * w_in * w_out // groups + (w_out if bias else 0)
    cx[3] += w_out * h * h


def complexity(ws, ds, gs, res=224, classes=1000, se_r=0.25):
    cx = [res, 0, 0, 0]
    conv(cx, 3, 32, 3, 2)
    cx[2] += 64
    w_in = 32
    for w, d, g in zip(ws, ds, gs):
        for i in range(d):
            stride = 2 if i == 0 else 1
            h = cx[0]
            if w_in != w or stride != 1:
                conv(cx, w_in, w, 1, stride)
                cx[2] += 2 * w
                cx[0] = h
            conv(cx, w_in, w, 1)
            cx[2] += 2 * w
            conv(cx, w, w, 3, stride, w // g)
            cx[2] += 2 * w
            se = int(round(w_in * se_r))
            hh = cx[0]
            cx[0] = 1
            conv(cx, w, se, 1, bias=True)
            conv(cx, se, w, 1, bias=True)
            cx[0] = hh
            conv(cx, w, w, 1)
            cx[2] += 2 * w
            w_in = w
    cx[1] += w_in * classes + classes
    cx[2] += w_in * classes + classes
    cx[3] += classes
    return cx[1:]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    accepted = 0
    for _ in range(n):
        d = int(np.floor(rng.uniform(12, 29)))
        w0 = int(log_uniform(rng, 8, 256, 8))
        wa = float(log_uniform(rng, 8.0, 256.0, 0.1))
        wm = float(log_uniform(rng, 2.0, 3.0, 0.001))
        gw = int(power2_or_log_uniform(rng, 8, 128, 8))
        ws, ds, num_s, max_s = generate(wa, w0, wm, d)
        ws, gs = adjust(ws, gw)
        complexity(ws, ds, gs)
        accepted += num_s == max_s == 4
    seconds = time.perf_counter() - start
    print(json.dumps({"implementation": "python-numpy pycls-style", "specs": n, "accepted": accepted,
                      "seconds": seconds, "specsPerSecond": n / seconds}))


if __name__ == "__main__":
    main()
