#!/usr/bin/env python3
"""PyTorch peer of seer4j's SwAV pretraining (issues #4 and #5): the same recipe as seer4j's defaults, in PyTorch.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-torchvision 0.14); no other packages.

What it builds, matching seer4j (train/PretrainConfig.defaults(), swav/*, train/SwavPretrainer):
  * trunk: torchvision RegNet from BlockParams.from_init_params(depth, w0, wa, wm, group_width, se_ratio=0.25),
    simple stem with 1 input channel (Fashion-MNIST), no classifier (global-pooled last stage); the parameter count is
    checked against seer4j's `describe ... --channels 1 --classes 0 --build --json` complexity.builtParams when the jar is there;
  * views: 2x28 (RandomResizedCrop scale 0.14-1; --crops 2x28+4x16 adds local crops at scale 0.05-0.14), aspect
    3/4-4/3, bilinear with half-pixel centres (torchvision.ops.roi_align, aligned=True: the same sampling as seer4j's
    MultiCropAugmenter), flip p 0.5, brightness/contrast jitter 0.8 with p 0.8 (the parts of colour jitter that exist
    for gray images), Gaussian blur p 0.5 with sigma U(0.1, 2) * size / 224 (seer4j scales SwAV's pixel sigma to the
    crop size), normalised with AugmentOptions.swavGray(): mean 0.286, std 0.353;
  * head: Linear(w, 512) - BN - ReLU - Linear(512, 128), L2 normalisation, K = 100 bias-free prototypes re-normalised
    every step, frozen for the first 10% of the run (their gradient dropped, as main_swav.py);
  * Sinkhorn-Knopp eps 0.02, 3 iterations on crops 0 and 1; swapped prediction at temperature 0.1, averaged as
    main_swav.py; optional queue as main_swav.py (from --queue-start-epoch + --queue-start-iteration);
  * SGD momentum 0.9, weight decay 1e-6, wrapped in apex's LARC (trust 0.001, clip=True as seer4j; --no-larc-clip is
    main_swav.py's clip=False); lr: linear warm-up (numpy linspace 0 -> 0.6 over the first 10% of the run) then cosine
    to 0.0006. These are seer4j's defaults (train/PretrainConfig.defaults(), README "The recipe, measured").

Photos (--mode step --data DIR, a folder of JPEG/PNG/... photos, walked recursively; seer4j's `pretrain --data DIR`):
  * images decoded with PIL from the folder before each step, in a seeded shuffled order, inline on the main thread;
    a JPEG is decoded with PIL's draft mode (DCT scaling by 1/2, 1/4 or 1/8) as small as keeps both sides at or above
    the crops' need, size / sqrt(min scale) of the most demanding group (seer4j's CropSpec.decodeShortSide: 430 px
    for 2x160+4x96, 599 px for 2x224+6x96; seer4j subsamples by any whole factor); converted to RGB (alpha dropped);
    files under 8 px on a side or that do not decode are skipped;
  * views as seer4j's MultiCropAugmenter with AugmentOptions.swavRgb() (main_swav.py's transforms): RandomResizedCrop
    (scale 0.14-1 for the first group, 0.05-0.14 for the others, aspect 3/4-4/3, torchvision's fallback centre crop),
    bilinear with half-pixel centres (roi_align, aligned=True), flip p 0.5; colour jitter with p 0.8: brightness,
    contrast (blend with the crop's mean luma), saturation (blend with each pixel's luma) factors U(0.2, 1.8) and hue
    U(-0.2, 0.2) of a turn (a rotation of the chroma plane in YIQ, as seer4j), in a random order per crop, each
    clamped to [0, 1]; grayscale p 0.2 (luma 0.299/0.587/0.114); Gaussian blur p 0.5 with sigma U(0.1, 2) pixels of the
    crop (not scaled to the crop size), radius ceil(3 sigma), edges replicated; normalised with main_swav's mean
    (0.485, 0.456, 0.406) and std (0.228, 0.224, 0.225);
  * trunk with torchvision's 3-channel simple stem; crops default to SEER's 2x224+6x96 (2x160+4x96 fits 2 cores).

Modes:
  --mode step   times training steps after --warmup steps; prints one JSON object: imagesPerSecond (whole step, with
                the augmentation, which runs inline on the main thread), imagesPerSecondNoAugmentation, mean seconds
                per step of augmentation / forward / sinkhorn+loss / backward / update, params. With --data DIR the
                decoding is inline too (split.decode, in imagesPerSecond; imagesPerSecondNoAugmentation leaves out
                both decoding and augmentation) and the JSON says where the data work ran (dataOn).
  --mode story  pretrains on the Fashion-MNIST train images (labels unused) for --budget-minutes, then linear probes
                of frozen global-pooled trunk features (seer4j's LinearProbe recipe: features standardised with the
                labelled subset's mean/std, zero-initialised softmax regression, 300 full-batch Adam steps, lr 0.05,
                L2 5e-4 on the weights) at 100% / 10% / 1% of the labels (class-balanced subsets drawn exactly as
                seer4j's BalancedSubset, Java SplittableRandom included), for the pretrained and the random-init trunk;
                prints one JSON object (accuracies, seconds, iterations, loss milestones, ln K).
"""
import argparse
import gzip
import json
import math
import os
import subprocess
import sys
import time
from functools import partial

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.regnet import BlockParams, RegNet
from torchvision.ops import roi_align

# generator numbers (depth, w0, wa, wm, group width) of the specs used here; --model-flops asks seer4j's `fit` when
# the jar is present and falls back to this table
PRESETS = {
    "RegNetY-200MF": (13, 24, 36.44, 2.49, 8),
    "RegNetY-400MF": (16, 48, 27.89, 2.09, 8),
    "RegNetY-50MF-quickstart": (20, 8, 5.27, 2.5, 8),  # seer4j `fit --flops 50e6` (Quickstart.MODEL_FLOPS)
}
FITTED = {50e6: PRESETS["RegNetY-50MF-quickstart"]}
MEAN, STD = 0.286, 0.353  # swav.AugmentOptions.swavGray()
RGB_MEAN, RGB_STD = (0.485, 0.456, 0.406), (0.228, 0.224, 0.225)  # swav.AugmentOptions.swavRgb() (main_swav.py)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff")  # data.StreamingImageFolder
MIN_SIDE = 8  # data.ImageDecoder.MIN_SIDE
DATA = "/usr/share/datasets/fashion-mnist"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LAUNCHER = os.path.join(ROOT, "seer4j")
BUILT = os.path.join(ROOT, "cli", "target")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- model
def seer4j_json(args):
    if not any(n.endswith("-dist") for n in (os.listdir(BUILT) if os.path.isdir(BUILT) else [])):
        return None
    env = dict(os.environ, OMP_NUM_THREADS="1", SEER4J_OPTS="-Xmx2g")
    out = subprocess.run([LAUNCHER] + args, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        log("seer4j " + " ".join(args) + " failed: " + out.stderr.strip()[-300:])
        return None
    return json.loads(out.stdout)


def generator(a):
    if a.spec:
        d, w0, wa, wm, gw = [float(x) for x in a.spec.split(",")]
        return "RegNetY(d=%d,w0=%d,wa=%g,wm=%g,gw=%d)" % (d, w0, wa, wm, gw), (int(d), int(w0), wa, wm, int(gw))
    if a.model:
        return a.model, PRESETS[a.model]
    fit = seer4j_json(["fit", "--flops", repr(a.model_flops), "--json"])
    if fit is not None:
        g = fit.get("generator", fit)  # fit --json prints the canonical spec, its numbers under "generator"
        return fit["name"], (g["depth"], g["w0"], g["wa"], g["wm"], g["groupWidth"])
    return "RegNetY-fit-%g" % a.model_flops, FITTED[a.model_flops]


def build_trunk(gen, seed, channels=1):
    torch.manual_seed(seed)
    d, w0, wa, wm, gw = gen
    bp = BlockParams.from_init_params(depth=d, w_0=w0, w_a=wa, w_m=wm, group_width=gw, se_ratio=0.25)
    net = RegNet(bp, norm_layer=partial(nn.BatchNorm2d, eps=1e-5, momentum=0.1))
    if channels == 1:  # Fashion-MNIST; photos keep torchvision's 3-channel simple stem (same init)
        net.stem[0] = nn.Conv2d(1, 32, 3, 2, 1, bias=False)  # simple stem, 1 channel
        nn.init.kaiming_normal_(net.stem[0].weight, mode="fan_out", nonlinearity="relu")
    net.fc = nn.Identity()  # global-pooled last stage is the trunk output
    return net, bp.widths[-1]


def seer4j_params(gen, channels=1, resolution=28):
    d, w0, wa, wm, gw = gen
    r = seer4j_json(["describe", "--depth", str(d), "--w0", str(w0), "--wa", str(wa), "--wm", str(wm),
                     "--group-width", str(gw), "--se", "0.25", "--channels", str(channels),
                     "--resolution", str(resolution),
                     "--classes", "0", "--build", "--json"])
    return None if r is None else r.get("complexity", {}).get("builtParams")


class SwavHead(nn.Module):
    def __init__(self, width, hidden, out, k, bn):
        super().__init__()
        layers = [nn.Linear(width, hidden)] + ([nn.BatchNorm1d(hidden)] if bn else []) + [nn.ReLU(inplace=True),
                                                                                            nn.Linear(hidden, out)]
        self.projection = nn.Sequential(*layers)
        self.prototypes = nn.Linear(out, k, bias=False)

    def forward(self, x):
        z = F.normalize(self.projection(x), dim=1, p=2)
        return z, self.prototypes(z)


# ---------------------------------------------------------------- LARC (apex.parallel.LARC, as main_swav.py uses it)
class LARC:
    def __init__(self, optimizer, trust_coefficient=0.001, clip=False, eps=1e-8):
        self.optim, self.trust, self.clip, self.eps = optimizer, trust_coefficient, clip, eps
        self.param_groups = optimizer.param_groups

    def zero_grad(self):
        self.optim.zero_grad()

    def step(self):
        with torch.no_grad():
            wds = []
            for group in self.optim.param_groups:
                wd = group.get("weight_decay", 0)
                wds.append(wd)
                group["weight_decay"] = 0
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    pn, gn = torch.norm(p.data), torch.norm(p.grad.data)
                    if pn != 0 and gn != 0:
                        adaptive = self.trust * pn / (gn + pn * wd + self.eps)
                        if self.clip:
                            adaptive = torch.clamp(adaptive / group["lr"], max=1)
                        p.grad.data += wd * p.data
                        p.grad.data *= adaptive
        self.optim.step()
        for group, wd in zip(self.optim.param_groups, wds):
            group["weight_decay"] = wd


def lr_schedule(total, warmup, base, final, start=0.0):
    w = np.linspace(start, base, warmup)
    n = total - warmup
    c = np.array([final + 0.5 * (base - final) * (1 + math.cos(math.pi * t / n)) for t in range(n)])
    return np.concatenate((w, c))


# ---------------------------------------------------------------- data and views
def read_idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fashion(split):
    p = "train" if split == "train" else "t10k"
    return read_idx(p + "-images-idx3-ubyte.gz"), read_idx(p + "-labels-idx1-ubyte.gz").astype(np.int64)


class MultiCrop:
    """Batched SwAV views: crop-major like main_swav.py (crop j of every image, then crop j+1 ...)."""

    def __init__(self, crops, rng, global_scale=(0.14, 1.0), local_scale=(0.05, 0.14), blur=0.5, jitter=0.0,
                 jitter_p=0.8, rgb=False):
        self.groups = []  # (count, size, min scale, max scale), as swav.CropSpec.parse
        for i, part in enumerate(crops.split("+")):
            n, s = [int(v) for v in part.lower().split("x")]
            self.groups.append((n, s) + tuple(global_scale if i == 0 else local_scale))
        self.total = sum(g[0] for g in self.groups)
        self.rng = rng
        self.blur_p = blur
        self.jitter, self.jitter_p = jitter, jitter_p
        self.rgb = rgb  # photos: a list of [3, H, W] images, AugmentOptions.swavRgb()'s views

    def gray_jitter(self, v):
        """The parts of colour jitter that exist for one channel, as seer4j's MultiCropAugmenter: with probability p,
        brightness (scale) and contrast (blend with the crop's mean) by factors U(1 - s, 1 + s), in random order."""
        n = v.shape[0]
        s = self.jitter
        lo = max(0.0, 1 - s)
        on = torch.from_numpy(self.rng.random(n) < self.jitter_p)[:, None, None, None]
        first_brightness = torch.from_numpy(self.rng.random(n) < 0.5)[:, None, None, None]
        fb = torch.from_numpy(lo + self.rng.random(n) * (1 + s - lo)).float()[:, None, None, None]
        fc = torch.from_numpy(lo + self.rng.random(n) * (1 + s - lo)).float()[:, None, None, None]

        def bright(x):
            return (x * fb).clamp(0, 1)

        def contrast(x):
            m = x.mean((1, 2, 3), keepdim=True)
            return ((x - m) * fc + m).clamp(0, 1)

        out = torch.where(first_brightness, contrast(bright(v)), bright(contrast(v)))
        return torch.where(on, out, v)

    def boxes(self, n, h, w, smin, smax, fit=False):
        """torchvision RandomResizedCrop.get_params, vectorised: 10 tries, then the centre crop (fit: torchvision's and
        seer4j's fallback, the whole image cut to an aspect within 3/4-4/3; the same for square images)."""
        r = self.rng
        area = h * w
        target = area * r.uniform(smin, smax, (n, 10))
        ratio = np.exp(r.uniform(math.log(3 / 4), math.log(4 / 3), (n, 10)))
        cw = np.rint(np.sqrt(target * ratio))
        ch = np.rint(np.sqrt(target / ratio))
        ok = (cw > 0) & (ch > 0) & (cw <= w) & (ch <= h)
        first = np.where(ok.any(1), ok.argmax(1), -1)
        idx = np.arange(n)
        fw, fh = w, h
        if fit and w / h < 3 / 4:
            fh = min(h, int(round(w / (3 / 4))))
        elif fit and w / h > 4 / 3:
            fw = min(w, int(round(h * (4 / 3))))
        bw = np.where(first >= 0, cw[idx, first], fw)
        bh = np.where(first >= 0, ch[idx, first], fh)
        top = np.floor(r.random(n) * (h - bh + 1))
        left = np.floor(r.random(n) * (w - bw + 1))
        top = np.where(first >= 0, top, (h - bh) // 2)
        left = np.where(first >= 0, left, (w - bw) // 2)
        return np.stack([left, top, left + bw, top + bh], 1)

    def blur(self, x, size, channels=1, scaled=True):
        """Per-view separable Gaussian blur, edges replicated; sigma U(0.1, 2) pixels of a 224 px crop scaled to the
        crop size (gray, seer4j's swavGray) or pixels of the crop itself (scaled=False: swavRgb, main_swav.py)."""
        n = x.shape[0]
        sigma = self.rng.uniform(0.1, 2.0, n)
        if scaled:
            sigma = sigma * size / 224.0
        on = self.rng.random(n) < self.blur_p
        rad = np.maximum(1, np.ceil(3 * sigma)).astype(int)
        rmax = int(rad.max())
        t = np.arange(-rmax, rmax + 1)[None, :]
        k = np.exp(-(t ** 2) / (2 * sigma[:, None] ** 2)) * (np.abs(t) <= rad[:, None])
        k /= k.sum(1, keepdims=True)
        ident = (t == 0).astype(np.float64).repeat(n, 0)
        k = torch.from_numpy(np.where(on[:, None], k, ident)).float()
        if channels > 1:  # the same kernel for every channel of a view
            k = k.repeat_interleave(channels, 0)
        m = n * channels
        y = F.pad(x.reshape(1, m, size, size), (rmax, rmax, rmax, rmax), mode="replicate")
        y = F.conv2d(y, k.view(m, 1, 1, -1), groups=m)
        y = F.conv2d(y, k.view(m, 1, -1, 1), groups=m)
        return y.view(n, channels, size, size)

    @staticmethod
    def luma(v):
        """[N, 3, S, S] -> [N, S, S], the weights of seer4j's MultiCropAugmenter (ITU-R 601)."""
        return 0.299 * v[:, 0] + 0.587 * v[:, 1] + 0.114 * v[:, 2]

    def colour_jitter(self, v):
        """seer4j's MultiCropAugmenter.jitter on every view with probability p: brightness (scale), contrast (blend
        with the view's mean luma), saturation (blend with each pixel's luma), factors U(1 - s, 1 + s), and hue
        (U(-s/4, s/4) of a turn, a rotation of the chroma plane in YIQ), in a random order per view, each clamped to
        [0, 1]. Views are grouped by the operation they do in each of the 4 slots (no work is done twice)."""
        n = v.shape[0]
        r, s = self.rng, self.jitter
        lo = max(0.0, 1 - s)
        on = r.random(n) < self.jitter_p
        order = np.argsort(r.random((n, 4)), 1)  # a uniformly random permutation of the 4 operations per view
        fb, fc, fs = lo + r.random((3, n)) * (1 + s - lo)
        turns = (r.random(n) * 2 - 1) * s / 4
        col = lambda f: torch.from_numpy(f).float()[:, None, None, None]

        def brightness(x, sel):
            return (x * col(fb[sel])).clamp(0, 1)

        def contrast(x, sel):
            m = self.luma(x).mean((1, 2))[:, None, None, None]
            return ((x - m) * col(fc[sel]) + m).clamp(0, 1)

        def saturation(x, sel):
            g = self.luma(x)[:, None]
            return ((x - g) * col(fs[sel]) + g).clamp(0, 1)

        def hue(x, sel):
            a = 2 * math.pi * turns[sel]
            cos = torch.from_numpy(np.cos(a)).float()[:, None, None]
            sin = torch.from_numpy(np.sin(a)).float()[:, None, None]
            rr, gg, bb = x[:, 0], x[:, 1], x[:, 2]
            y = 0.299 * rr + 0.587 * gg + 0.114 * bb
            i = 0.596 * rr - 0.274 * gg - 0.322 * bb
            q = 0.211 * rr - 0.523 * gg + 0.312 * bb
            i2, q2 = i * cos - q * sin, i * sin + q * cos
            return torch.stack([y + 0.956 * i2 + 0.621 * q2, y - 0.272 * i2 - 0.647 * q2,
                                y - 1.106 * i2 + 1.703 * q2], 1).clamp(0, 1)

        ops = (brightness, contrast, saturation, hue)
        idx = np.nonzero(on)[0]
        for slot in range(4):
            for op in range(4):
                sel = idx[order[idx, slot] == op]
                if len(sel):
                    t = torch.from_numpy(sel)
                    v[t] = ops[op](v[t], sel)
        return v

    def rgb_views(self, images):
        """images: a list of float [3, H, W] in [0, 1] (sizes may differ); returns one normalised tensor per crop
        group, crop-major. seer4j's MultiCropAugmenter with AugmentOptions.swavRgb()."""
        b = len(images)
        mean = torch.tensor(RGB_MEAN).view(1, 3, 1, 1)
        std = torch.tensor(RGB_STD).view(1, 3, 1, 1)
        out = []
        for count, size, smin, smax in self.groups:
            n = count * b
            v = torch.empty(n, 3, size, size)
            for i, img in enumerate(images):  # crop j of image i goes to j * b + i
                h, w = img.shape[1:]
                box = torch.from_numpy(self.boxes(count, h, w, smin, smax, fit=True)).float()
                v[i::b] = roi_align(img[None], torch.cat([torch.zeros(count, 1), box], 1), size, 1.0, 1, True)
            flip = torch.from_numpy(self.rng.random(n) < 0.5)
            v = torch.where(flip[:, None, None, None], v.flip(-1), v)
            if self.jitter > 0:
                v = self.colour_jitter(v)
            gray = torch.from_numpy(self.rng.random(n) < 0.2)[:, None, None, None]
            v = torch.where(gray, self.luma(v)[:, None].expand_as(v), v)
            v = self.blur(v, size, channels=3, scaled=False)
            out.append((v - mean) / std)
        return out

    def __call__(self, images):
        """images: float [B, 1, H, W] in [0, 1]; returns one normalised tensor per crop group."""
        if self.rgb:
            return self.rgb_views(images)
        b, _, h, w = images.shape
        out = []
        for count, size, smin, smax in self.groups:
            n = count * b
            box = torch.from_numpy(self.boxes(n, h, w, smin, smax)).float()
            ids = torch.arange(b, dtype=torch.float32).repeat(count)[:, None]
            v = roi_align(images, torch.cat([ids, box], 1), size, 1.0, 1, True)
            flip = torch.from_numpy(self.rng.random(n) < 0.5)
            v = torch.where(flip[:, None, None, None], v.flip(-1), v)
            if self.jitter > 0:
                v = self.gray_jitter(v)
            v = self.blur(v, size)
            out.append((v - MEAN) / STD)
        return out


# ---------------------------------------------------------------- SwAV step
@torch.no_grad()
def sinkhorn(out, eps, iters):
    q = torch.exp((out - out.max()) / eps).t()  # max subtracted as seer4j does; the result is the same
    b, k = q.shape[1], q.shape[0]
    q /= q.sum()
    for _ in range(iters):
        q /= q.sum(dim=1, keepdim=True)
        q /= k
        q /= q.sum(dim=0, keepdim=True)
        q /= b
    q *= b
    return q.t()


class Swav:
    def __init__(self, a, gen, total_iters, seed, rgb=False):
        self.a = a
        self.trunk, width = build_trunk(gen, seed, 3 if rgb else 1)
        self.head = SwavHead(width, a.hidden, a.out_dim, a.prototypes, not a.no_head_bn)
        with torch.no_grad():
            self.head.prototypes.weight.copy_(F.normalize(self.head.prototypes.weight, dim=1))
        params = list(self.trunk.parameters()) + list(self.head.parameters())
        sgd = torch.optim.SGD(params, lr=a.lr, momentum=0.9, weight_decay=a.wd)
        self.opt = LARC(sgd, a.larc_trust, a.larc_clip) if not a.no_larc else sgd
        # seer4j's PretrainConfig.scheduledFor: warm-up and frozen prototypes for the first 10% unless given
        warm = min(total_iters, scheduled(a.warmup_iters, total_iters))
        self.freeze = scheduled(a.freeze_prototypes, total_iters)
        self.lrs = lr_schedule(total_iters, warm, a.lr, a.final_lr)
        self.crops = MultiCrop(a.crops, np.random.default_rng(seed), scales(a.global_scale), scales(a.local_scale),
                               a.blur, a.jitter, rgb=rgb)
        self.queue = None
        self.use_queue = False
        self.it = 0
        self.phase = np.zeros(5)
        self.used = np.zeros(a.prototypes, dtype=bool)

    def step(self, images):
        a = self.a
        t0 = time.perf_counter()
        views = self.crops(images)
        t1 = time.perf_counter()
        lr = float(self.lrs[min(self.it, len(self.lrs) - 1)])
        for g in self.opt.param_groups:
            g["lr"] = lr
        with torch.no_grad():
            w = self.head.prototypes.weight
            w.copy_(F.normalize(w, dim=1, p=2))
        feats = torch.cat([self.trunk(v) for v in views])
        emb, out = self.head(feats)
        emb = emb.detach()
        t2 = time.perf_counter()
        bs = len(images)  # a [B, 1, H, W] tensor, or a list of B photos
        nc = self.crops.total
        loss = 0
        for i, cid in enumerate((0, 1)):
            with torch.no_grad():
                o = out[bs * cid:bs * (cid + 1)].detach()
                if self.queue is not None:
                    if self.use_queue or not torch.all(self.queue[i, -1, :] == 0):
                        self.use_queue = True
                        o = torch.cat((self.queue[i] @ self.head.prototypes.weight.t(), o))
                    self.queue[i, bs:] = self.queue[i, :-bs].clone()
                    self.queue[i, :bs] = emb[cid * bs:(cid + 1) * bs]
                q = sinkhorn(o, a.epsilon, a.sinkhorn_iterations)[-bs:]
                self.used[q.argmax(1).numpy()] = True
            sub = 0
            for v in range(nc):
                if v == cid:
                    continue
                x = out[bs * v:bs * (v + 1)] / a.temperature
                sub -= torch.mean(torch.sum(q * F.log_softmax(x, dim=1), dim=1))
            loss += sub / (nc - 1)
        loss /= 2
        t3 = time.perf_counter()
        self.opt.zero_grad()
        loss.backward()
        if self.it < self.freeze:
            self.head.prototypes.weight.grad = None
        t4 = time.perf_counter()
        self.opt.step()
        t5 = time.perf_counter()
        self.phase += np.array([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4])
        with torch.no_grad():  # collapse diagnostics: spread of the embeddings over the batch, size of the scores
            self.emb_spread = float(emb[:bs].std(0).pow(2).sum().sqrt())
            self.score_abs = float(out.abs().mean())
        self.it += 1
        return float(loss), lr

    def train(self):
        self.trunk.train()
        self.head.train()


def scheduled(value, total):
    """An explicit iteration count, or 10% of the run (seer4j's PretrainConfig.SCHEDULE_FRACTION)."""
    return value if value is not None else int(total * 0.1)


def scales(text):
    lo, hi = [float(v) for v in text.split(",")]
    return lo, hi


def to_float(imgs_u8):
    return torch.from_numpy(imgs_u8.astype(np.float32) / 255.0)[:, None]


# ---------------------------------------------------------------- step mode
def step_mode(a, name, gen):
    if is_photos(a.data):
        return photo_step_mode(a, name, gen)
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    if a.data == "random":
        pool = (np.random.default_rng(a.seed).random((a.batch * 4, 28, 28)) * 255).astype(np.uint8)
    else:
        pool = load_fashion("train")[0][:a.batch * 4]
    s = Swav(a, gen, a.warmup + a.steps, a.seed)
    s.train()
    batches = [to_float(pool[i * a.batch:(i + 1) * a.batch]) for i in range(4)]
    for i in range(a.warmup):
        s.step(batches[i % 4])
    s.phase[:] = 0
    losses = []
    t = time.perf_counter()
    for i in range(a.steps):
        losses.append(s.step(batches[i % 4])[0])
    sec = time.perf_counter() - t
    ph = s.phase / a.steps
    params = sum(p.numel() for p in s.trunk.parameters())
    res = {"framework": "pytorch " + torch.__version__, "model": name, "generator": list(gen), "batch": a.batch,
           "crops": a.crops, "threads": torch.get_num_threads(), "steps": a.steps, "warmup": a.warmup,
           "data": a.data, "params": params, "headParams": sum(p.numel() for p in s.head.parameters()),
           "imagesPerSecond": a.batch * a.steps / sec,
           "imagesPerSecondNoAugmentation": a.batch / (ph[1:].sum()),
           "stepSeconds": sec / a.steps,
           "split": {"augmentation": ph[0], "forward": ph[1], "sinkhornLoss": ph[2], "backward": ph[3],
                     "update": ph[4]},
           "lastLoss": losses[-1]}
    res["seer4jBuiltParams"] = a.seer4j_params
    print(json.dumps(res))


# ---------------------------------------------------------------- photos (pretrain --data DIR)
def is_photos(data):
    return data not in ("fashion-mnist", "random")


def decode_short_side(crops, global_scale, local_scale):
    """seer4j's CropSpec.decodeShortSide: the short side no crop is upsampled from, size / sqrt(min scale)."""
    need = 0.0
    for i, part in enumerate(crops.split("+")):
        size = int(part.lower().split("x")[1])
        need = max(need, size / math.sqrt((global_scale if i == 0 else local_scale)[0]))
    return int(math.ceil(need))


class PhotoStream:
    """Photos under a folder (recursively, symbolic links followed, seer4j's image names), in a seeded shuffled order
    epoch after epoch, decoded with PIL when a batch is asked for; files that do not decode are skipped."""

    def __init__(self, root, need, seed):
        self.files = sorted(os.path.join(d, f) for d, _, names in os.walk(root, followlinks=True) for f in names
                            if f.lower().endswith(IMAGE_SUFFIXES))
        if not self.files:
            sys.exit("no image files (%s) under %s" % (" ".join(IMAGE_SUFFIXES), root))
        self.need, self.rng = need, np.random.default_rng(seed)
        self.order, self.skipped, self.decoded, self.pixels = [], 0, 0, 0

    def decode(self, path):
        from PIL import Image as PILImage
        try:
            with PILImage.open(path) as im:
                if im.format == "JPEG":
                    im.draft("RGB", (self.need, self.need))  # DCT scaling; both sides stay >= need
                a = np.array(im.convert("RGB"))  # a writable copy
        except Exception as e:  # not an image, truncated, ...: skipped as seer4j's loader skips it
            log("skipped %s: %s" % (path, e))
            return None
        if min(a.shape[:2]) < MIN_SIDE:
            log("skipped %s: too small, %dx%d" % (path, a.shape[1], a.shape[0]))
            return None
        self.decoded += 1
        self.pixels += a.shape[0] * a.shape[1]
        return torch.from_numpy(a).permute(2, 0, 1).float().div_(255.0)

    def batch(self, b):
        out, failed = [], 0
        while len(out) < b:
            if not self.order:
                self.order = list(self.rng.permutation(len(self.files))[::-1])
            x = self.decode(self.files[self.order.pop()])
            if x is None:
                self.skipped += 1
                failed += 1
                if failed > len(self.files):
                    sys.exit("no file under the folder decodes")
            else:
                out.append(x)
        return out


def photo_step_mode(a, name, gen):
    """Step mode on a folder of photos: decoding and augmentation inline on the main thread before each step."""
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    need = decode_short_side(a.crops, scales(a.global_scale), scales(a.local_scale))
    stream = PhotoStream(a.data, need, a.seed)
    s = Swav(a, gen, a.warmup + a.steps, a.seed, rgb=True)
    s.train()
    for i in range(a.warmup):
        s.step(stream.batch(a.batch))
    s.phase[:] = 0
    losses = []
    decode = 0.0
    t = time.perf_counter()
    for i in range(a.steps):
        t0 = time.perf_counter()
        images = stream.batch(a.batch)
        decode += time.perf_counter() - t0
        losses.append(s.step(images)[0])
    sec = time.perf_counter() - t
    ph = s.phase / a.steps
    params = sum(p.numel() for p in s.trunk.parameters())
    res = {"framework": "pytorch " + torch.__version__, "model": name, "generator": list(gen), "batch": a.batch,
           "crops": a.crops, "threads": torch.get_num_threads(), "steps": a.steps, "warmup": a.warmup,
           "data": a.data, "channels": 3, "imagesListed": len(stream.files), "filesSkipped": stream.skipped,
           "decodeShortSide": need, "meanDecodedPixels": stream.pixels // max(1, stream.decoded),
           "params": params, "headParams": sum(p.numel() for p in s.head.parameters()),
           "imagesPerSecond": a.batch * a.steps / sec,
           "imagesPerSecondNoAugmentation": a.batch / (ph[1:].sum()),
           "imagesPerSecondNoDecode": a.batch / (ph.sum()),
           "stepSeconds": sec / a.steps,
           "split": {"decode": decode / a.steps, "augmentation": ph[0], "forward": ph[1], "sinkhornLoss": ph[2],
                     "backward": ph[3], "update": ph[4]},
           "dataOn": "main thread, inline before each step: PIL decode (split.decode), then the views in torch "
                     "(split.augmentation, torch's threads); both are in imagesPerSecond, neither in "
                     "imagesPerSecondNoAugmentation",
           "lastLoss": losses[-1]}
    res["seer4jBuiltParams"] = a.seer4j_params
    print(json.dumps(res))


# ---------------------------------------------------------------- linear probe (train.LinearProbe) and subsets
class JavaSplittableRandom:
    """java.util.SplittableRandom(seed).nextInt(bound), bit for bit (for BalancedSubset's shuffles)."""
    M = (1 << 64) - 1

    def __init__(self, seed):
        self.seed = seed & self.M

    def _next(self):
        self.seed = (self.seed + 0x9E3779B97F4A7C15) & self.M
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & self.M
        r = (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & self.M) >> 32
        return r - (1 << 32) if r >= (1 << 31) else r  # as a Java int

    def next_int(self, bound):
        r = self._next()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if ((u + m - r) & 0xFFFFFFFF) < (1 << 31):  # no int overflow
                return r
            u = (self._next() & 0xFFFFFFFF) >> 1


def balanced_subset(labels, classes, fraction, seed):
    if fraction == 1.0:
        return np.arange(len(labels))
    per = int(max(1, math.floor(fraction * len(labels) / classes + 0.5)))
    rng = JavaSplittableRandom(seed)
    chosen = []
    for c in range(classes):
        idx = list(np.nonzero(labels == c)[0])
        for i in range(len(idx) - 1, 0, -1):
            j = rng.next_int(i + 1)
            idx[i], idx[j] = idx[j], idx[i]
        chosen += idx[:min(per, len(idx))]
    return np.sort(np.array(chosen))


def linear_probe(x, y, xt, yt, classes=10, wd=5e-4, iters=300, lr=0.05):
    x = x.double()
    mean, std = x.mean(0), x.std(0, unbiased=False) + 1e-6
    x = ((x - mean) / std).float()
    xt = ((xt.double() - mean) / std).float()
    n, d = x.shape
    w = torch.zeros(d, classes)
    b = torch.zeros(1, classes)
    t = F.one_hot(torch.from_numpy(y), classes).float()
    st = {k: [torch.zeros_like(v), torch.zeros_like(v)] for k, v in (("w", w), ("b", b))}
    for it in range(1, iters + 1):
        p = torch.softmax(x @ w + b, 1)
        delta = (p - t) / n
        gw = x.t() @ delta + wd * w
        gb = delta.sum(0, keepdim=True)
        corr = math.sqrt(1 - 0.999 ** it) / (1 - 0.9 ** it)
        rate = lr * 0.5 * (1 + math.cos(math.pi * (it - 1) / iters))  # seer4j's LinearProbe: cosine to zero
        for k, par, g in (("w", w, gw), ("b", b, gb)):
            m, v = st[k]
            m.mul_(0.9).add_(0.1 * g)
            v.mul_(0.999).add_(0.001 * g * g)
            par.sub_(rate * corr * m / (v.sqrt() + 1e-8))
    return float(((xt @ w + b).argmax(1).numpy() == yt).mean())


SPATIAL_GRID = 7


@torch.no_grad()
def forward_features(trunk, x, all_stages):
    """all_stages: False (the last stage's global pool), True (every stage's, concatenated) or "spatial" (seer4j's
    ProbeFeatures.spatial: images resized to 9/7 of their size, every stage pooled to at most 7x7 cells)."""
    if not all_stages:
        return trunk(x)
    grid = 1
    if all_stages == "spatial":
        size = round(x.shape[-1] * 9 / 7)
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
        grid = SPATIAL_GRID
    x = trunk.stem(x)
    pooled = []
    for stage in trunk.trunk_output:
        x = stage(x)
        cells = (min(grid, x.shape[2]), min(grid, x.shape[3]))
        pooled.append(F.adaptive_avg_pool2d(x, cells).flatten(1))
    return torch.cat(pooled, 1)


@torch.no_grad()
def features(trunk, imgs_u8, batch=256, all_stages=False):
    trunk.eval()
    out = []
    for i in range(0, len(imgs_u8), batch):
        out.append(forward_features(trunk, (to_float(imgs_u8[i:i + batch]) - MEAN) / STD, all_stages))
    return torch.cat(out)


@torch.no_grad()
def precise_bn(trunk, imgs_u8, images, batch=256):
    """Re-estimates every batch norm's running statistics as the plain average over `images` full-size training
    images (pycls's precise BN; no labels): SwAV's running statistics mix the local crops' resolution."""
    bns = [m for m in trunk.modules() if isinstance(m, nn.BatchNorm2d)]
    saved = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative moving average
    trunk.train()
    for i in range(0, min(images, len(imgs_u8)), batch):
        trunk((to_float(imgs_u8[i:i + batch]) - MEAN) / STD)
    for m, mo in zip(bns, saved):
        m.momentum = mo
    trunk.eval()


def probes(trunk, train_x, train_y, test_x, test_y, fractions, seed, all_stages=False):
    t0 = time.perf_counter()
    ft = features(trunk, test_x, all_stages=all_stages)
    fall = features(trunk, train_x, all_stages=all_stages)
    res = {}
    for f in fractions:
        sub = balanced_subset(train_y, 10, f, seed)
        res[str(f)] = {"labels": int(len(sub)), "top1": linear_probe(fall[sub], train_y[sub], ft, test_y)}
    res["seconds"] = time.perf_counter() - t0
    return res


# ---------------------------------------------------------------- story mode
def story_mode(a, name, gen):
    if a.threads:
        torch.set_num_threads(a.threads)
    train_x, train_y = load_fashion("train")
    test_x, test_y = load_fashion("test")
    per_epoch = len(train_x) // a.batch
    budget = a.budget_minutes * 60
    # calibrate the step rate on a throw-away model, then fix the schedule's length as seer4j's Quickstart does
    cal = Swav(a, gen, 10, a.seed + 1000)
    cal.train()
    for i in range(2):
        cal.step(to_float(train_x[i * a.batch:(i + 1) * a.batch]))
    t = time.perf_counter()
    for i in range(4):
        cal.step(to_float(train_x[i * a.batch:(i + 1) * a.batch]))
    sec_per_step = (time.perf_counter() - t) / 4
    total = a.iterations or max(20, int(budget / sec_per_step))
    log("calibration: %.3f s/step -> %d iterations (%.2f epochs of %d), warm-up %d, prototypes frozen %d"
        % (sec_per_step, total, total / per_epoch, per_epoch, min(total, scheduled(a.warmup_iters, total)),
           scheduled(a.freeze_prototypes, total)))
    s = Swav(a, gen, total, a.seed)
    params = sum(p.numel() for p in s.trunk.parameters())
    rng = np.random.default_rng(a.seed)
    losses, lrs = [], []
    t0 = time.perf_counter()
    epoch = 0
    curve = []
    probe_curve = []
    deadline = t0 + budget * (1.5 if not a.iterations else 1e9)  # the schedule ends at `total`; never run away
    while len(losses) < total and time.perf_counter() < deadline:
        order = rng.permutation(len(train_x))
        for k in range(per_epoch):
            if len(losses) >= total or time.perf_counter() >= deadline:
                break
            if a.queue and epoch >= a.queue_start_epoch and len(losses) >= a.queue_start_iteration and s.queue is None:
                s.queue = torch.zeros(2, a.queue - a.queue % a.batch, a.out_dim)
            s.train()
            loss, lr = s.step(to_float(train_x[np.sort(order[k * a.batch:(k + 1) * a.batch])]))
            losses.append(loss)
            lrs.append(lr)
            if not math.isfinite(loss):
                log("non-finite loss at iteration %d" % len(losses))
                break
            if a.probe_every and len(losses) % a.probe_every == 0:
                tp = time.perf_counter()
                sub = balanced_subset(train_y, 10, 0.1, a.probe_seed)
                acc = {}
                for tag, al in (("last", False), ("all", True)):
                    acc[tag] = linear_probe(features(s.trunk, train_x[sub], all_stages=al), train_y[sub],
                                            features(s.trunk, test_x, all_stages=al), test_y)
                probe_curve.append({"iteration": len(losses), "top1Last10": acc["last"], "top1All10": acc["all"]})
                log("it %5d  probe 10%%: last stage %.4f, all stages %.4f (%.0f s, not counted)"
                    % (len(losses), acc["last"], acc["all"], time.perf_counter() - tp))
                t0 += time.perf_counter() - tp  # probing is not pretraining time
                deadline += time.perf_counter() - tp
            if len(losses) % a.log_every == 0 or len(losses) == 1:
                window = losses[-a.log_every:]
                used = float(s.used.mean())
                s.used[:] = False
                curve.append({"iteration": len(losses), "loss": loss, "meanLoss": float(np.mean(window)),
                              "lr": lr, "prototypesUsed": used, "embeddingSpread": s.emb_spread,
                              "meanAbsScore": s.score_abs, "seconds": time.perf_counter() - t0})
                log("it %5d  loss %.4f  mean %.4f  lr %.4f  prototypes used %.2f  spread %.3f  |score| %.4f  %.0f s"
                    % (len(losses), loss, np.mean(window), lr, used, s.emb_spread, s.score_abs,
                       time.perf_counter() - t0))
        epoch += 1
        if losses and not math.isfinite(losses[-1]):
            break
    secs = time.perf_counter() - t0
    log("pretraining done: %d iterations in %.0f s; probing" % (len(losses), secs))
    fr = [1.0, 0.1, 0.01]
    extra = {}
    if a.precise_bn:
        extra["probePretrainedRawBN"] = probes(s.trunk, train_x, train_y, test_x, test_y, fr, a.probe_seed)
        precise_bn(s.trunk, train_x, a.precise_bn)
    pre = probes(s.trunk, train_x, train_y, test_x, test_y, fr, a.probe_seed)
    rnd_trunk, _ = build_trunk(gen, a.seed)
    rnd = probes(rnd_trunk, train_x, train_y, test_x, test_y, fr, a.probe_seed)
    if a.probe_all_stages:  # also every stage pooled and concatenated (probe --all-stages)
        extra["probePretrainedAllStages"] = probes(s.trunk, train_x, train_y, test_x, test_y, fr, a.probe_seed, True)
        extra["probeRandomAllStages"] = probes(rnd_trunk, train_x, train_y, test_x, test_y, fr, a.probe_seed, True)
    if a.probe_spatial:  # probe --all-stages --grid 7 --resolution 36
        extra["probePretrainedSpatial"] = probes(s.trunk, train_x, train_y, test_x, test_y, fr, a.probe_seed,
                                                 "spatial")
        extra["probeRandomSpatial"] = probes(rnd_trunk, train_x, train_y, test_x, test_y, fr, a.probe_seed,
                                             "spatial")
    if a.save_trunk:
        torch.save(s.trunk.state_dict(), a.save_trunk)
    if a.precise_bn:
        precise_bn(rnd_trunk, train_x, a.precise_bn)
        extra["probeRandomPreciseBN"] = probes(rnd_trunk, train_x, train_y, test_x, test_y, fr, a.probe_seed)
    lnk = math.log(a.prototypes)
    arr = np.array(losses)
    below = np.nonzero(arr < lnk - 0.01)[0]
    mile = {}
    for m in (1, 10, 50, 100, 200, 313, 500, 1000, 1500, 2000, 3000, 4000, 5000, 7500, 10000):
        if m <= len(arr):
            mile[str(m)] = float(arr[max(0, m - 25):m].mean())  # mean of the 25 iterations ending there
    res = {"framework": "pytorch " + torch.__version__, "model": name, "generator": list(gen), "params": params,
           "seer4jBuiltParams": a.seer4j_params, "threads": torch.get_num_threads(),
           "recipe": {k: getattr(a, k) for k in ("batch", "crops", "prototypes", "epsilon", "sinkhorn_iterations",
                                                  "temperature", "lr", "final_lr", "warmup_iters", "wd",
                                                  "freeze_prototypes", "hidden", "out_dim", "no_head_bn",
                                                  "larc_clip", "no_larc", "larc_trust", "queue", "queue_start_iteration",
                                                  "global_scale", "local_scale", "blur", "jitter", "precise_bn",
                                                  "probe_all_stages", "probe_spatial", "seed")},
           "budgetMinutes": a.budget_minutes, "pretrainSeconds": secs, "iterations": len(losses),
           "scheduledIterations": total, "epochs": len(losses) / per_epoch,
           "imagesPerSecond": len(losses) * a.batch / secs,
           "firstLoss": losses[0], "lastLoss": losses[-1], "minLoss": float(arr.min()),
           "meanLastLoss100": float(arr[-100:].mean()), "lnK": lnk,
           "firstIterationBelowLnK": int(below[0]) + 1 if len(below) else None,
           "lossMilestones25": mile, "curve": curve, "probeCurve": probe_curve,
           "probePretrained": pre, "probeRandom": rnd, **extra}
    if a.save_curve:
        np.savetxt(a.save_curve, np.stack([np.arange(1, len(arr) + 1), arr, np.array(lrs)], 1),
                   fmt=["%d", "%.6f", "%.6g"], header="iteration loss lr")
    print(json.dumps(res))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mode", choices=["step", "story"], required=True)
    m = p.add_mutually_exclusive_group()
    m.add_argument("--model-flops", type=float, default=50e6, help="seer4j fit budget at 224 px (default 50e6)")
    m.add_argument("--model", choices=sorted(PRESETS), help="a named spec")
    m.add_argument("--spec", help="generator numbers depth,w0,wa,wm,groupWidth")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=10, help="step mode: timed steps")
    p.add_argument("--warmup", type=int, default=3, help="step mode: untimed steps first")
    p.add_argument("--data", default="fashion-mnist",
                   help="step mode images: fashion-mnist, random (gray noise) or a folder of RGB photos (jpg/png/...,"
                        " recursively; seer4j's pretrain --data DIR)")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (0 = PyTorch's default)")
    p.add_argument("--budget-minutes", type=float, default=10)
    p.add_argument("--iterations", type=int, default=0, help="story mode: fixed length instead of the time budget")
    p.add_argument("--crops", default=None,
                   help="default 2x28 (seer4j's default; SwAV-style multi-crop: 2x28+4x16); for a folder of photos"
                        " SEER's 2x224+6x96 (seer4j's default for a folder; 2x160+4x96 fits 2 cores better)")
    p.add_argument("--prototypes", type=int, default=100)
    p.add_argument("--epsilon", type=float, default=0.02)  # seer4j PretrainConfig.defaults(); SwAV: 0.05
    p.add_argument("--sinkhorn-iterations", type=int, default=3)
    p.add_argument("--temperature", type=float, default=0.1)
    p.add_argument("--lr", type=float, default=0.6)
    p.add_argument("--final-lr", type=float, default=0.0006)
    p.add_argument("--warmup-iters", "--warmup-iterations", type=int, default=None,
                   help="linear warm-up iterations (default: the first 10%% of the run, as seer4j)")
    p.add_argument("--wd", type=float, default=1e-6)
    p.add_argument("--freeze-prototypes", type=int, default=None, help="iterations (default: the first 10%% of the run)")
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--out-dim", type=int, default=128)
    p.add_argument("--no-head-bn", action="store_true")
    p.add_argument("--larc-clip", action=argparse.BooleanOptionalAction, default=True,
                   help="LARC clip=True (seer4j's default; --no-larc-clip = main_swav.py's clip=False)")
    p.add_argument("--no-larc", action="store_true", help="plain SGD + momentum")
    p.add_argument("--queue", type=int, default=0)
    p.add_argument("--queue-start-epoch", type=int, default=0)
    p.add_argument("--queue-start-iteration", type=int, default=0,
                   help="story mode: iterations added to --queue-start-epoch's before the queue starts")
    p.add_argument("--global-scale", default="0.14,1", help="RandomResizedCrop scale range of the first crop group")
    p.add_argument("--local-scale", default="0.05,0.14", help="scale range of the other crop groups")
    p.add_argument("--blur", type=float, default=0.5, help="Gaussian blur probability")
    p.add_argument("--jitter", type=float, default=0.8,
                   help="brightness/contrast jitter strength for gray images, applied with probability 0.8 (0 = off;"
                        " seer4j's AugmentOptions.swavGray())")
    p.add_argument("--larc-trust", type=float, default=0.001, help="LARC trust coefficient")
    p.add_argument("--precise-bn", type=int, default=0,
                   help="story mode: re-estimate the trunks' BN statistics on this many full training images")
    p.add_argument("--probe-all-stages", action="store_true", help="pool every stage's output for the probes")
    p.add_argument("--probe-spatial", action="store_true",
                   help="also probe every stage pooled to 7x7 cells from 36 px images (probe --grid 7 --resolution 36)")
    p.add_argument("--save-trunk", help="story mode: save the pretrained trunk's state_dict here")
    p.add_argument("--probe-every", type=int, default=0,
                   help="story mode: linear probe (10%% labels, last and all stages) every N iterations")
    p.add_argument("--seed", type=int, default=31)
    p.add_argument("--probe-seed", type=int, default=1, help="seer4j probe's default --seed")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--save-curve", help="story mode: write iteration/loss/lr to this text file")
    p.add_argument("--check-params", action=argparse.BooleanOptionalAction, default=True,
                   help="compare the trunk's parameter count with seer4j's builtParams (needs the build: mvn -q -DskipTests package)")
    a = p.parse_args()
    photos = is_photos(a.data)
    if photos and (a.mode != "step" or not os.path.isdir(a.data)):
        p.error("--data takes fashion-mnist, random or a folder of photos (step mode only), got " + a.data)
    if a.crops is None:
        a.crops = "2x224+6x96" if photos else "2x28"
    name, gen = generator(a)
    if a.check_params:
        trunk, _ = build_trunk(gen, 0, 3 if photos else 1)
        ours = sum(q.numel() for q in trunk.parameters())
        theirs = seer4j_params(gen, 3, int(a.crops.split("+")[0].lower().split("x")[1])) if photos \
            else seer4j_params(gen)
        log("%s: torchvision trunk params %d, seer4j builtParams %s%s" % (
            name, ours, theirs, "" if theirs is None else (" (equal)" if ours == theirs else " (DIFFERENT)")))
    a.seer4j_params = theirs if a.check_params else None
    if a.mode == "step":
        step_mode(a, name, gen)
    else:
        story_mode(a, name, gen)


if __name__ == "__main__":
    main()
