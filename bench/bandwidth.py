#!/usr/bin/env python3
"""Memory bandwidth of this machine with one and with two cores busy: the ceiling on how much a memory-bound layer
(batch norm, elementwise ops, the small-channel 1x1 convolutions of a 224 px step) can gain from a second thread.

Each process copies a 256 MB float tensor into another with one PyTorch thread for SECONDS (default 4) and reports
bytes moved (read + write) per second; first one process alone, then PROCESSES (default 2) at once.
Usage: /usr/bin/python3 bench/bandwidth.py [SECONDS] [PROCESSES]   (Debian's python3-torch)
Prints one JSON object: singleGBps, concurrentGBps (per process), totalGBps, scaling (total / single).
"""
import json
import multiprocessing as mp
import sys
import time


def copy_rate(seconds, out):
    import torch
    torch.set_num_threads(1)
    a = torch.randn(64 * 1024 * 1024)
    b = torch.empty_like(a)
    for _ in range(2):
        b.copy_(a)
    start, n = time.time(), 0
    while time.time() - start < seconds:
        b.copy_(a)
        n += 1
    out.put(n * 2 * a.numel() * 4 / (time.time() - start) / 1e9)


def run(seconds, processes):
    q = mp.Queue()
    ps = [mp.Process(target=copy_rate, args=(seconds, q)) for _ in range(processes)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return [q.get() for _ in ps]


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    single = run(seconds, 1)[0]
    concurrent = run(seconds, processes)
    print(json.dumps({"singleGBps": round(single, 2), "processes": processes,
                      "concurrentGBps": [round(c, 2) for c in concurrent], "totalGBps": round(sum(concurrent), 2),
                      "scaling": round(sum(concurrent) / single, 3)}))
