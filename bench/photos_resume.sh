#!/usr/bin/env bash
# Checkpoint and resume of `seer4j pretrain` on real photos: run A trains STEPS steps straight; run B trains the same
# configuration, is killed after its checkpoint at step 2, then continues with --resume. The loss of every step after
# the checkpoint must be the same in both (same batches at the same positions, same state); prints JSON.
# Usage: bench/photos_resume.sh [PHOTO_DIR]   (default /tmp/seer4j-photos/big48, from bench/photos_prepare.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-/tmp/seer4j-photos/big48}
STEPS=${STEPS:-8}
export SEER4J_OPTS=${SEER4J_OPTS:--Xmx2g}
ARGS=(pretrain --data "$DIR" --flops 50e6 --batch 8 --epochs 2 --steps "$STEPS" --crops 2x160+4x96 --checkpoint-every 2)
rm -rf /tmp/seer4j-resume-a /tmp/seer4j-resume-b
./seer4j "${ARGS[@]}" --out /tmp/seer4j-resume-a > /tmp/seer4j-resume-a.out 2> /tmp/seer4j-resume-a.err
./seer4j "${ARGS[@]}" --out /tmp/seer4j-resume-b > /tmp/seer4j-resume-b.out 2> /tmp/seer4j-resume-b.err &
pid=$!
# the checkpoint of step 2 is written after metrics line 2: wait for line 3 (step 3 done, its checkpoint not due)
while [ "$(cat /tmp/seer4j-resume-b/metrics.jsonl 2>/dev/null | wc -l)" -lt 3 ]; do sleep 0.2; done
pkill -KILL -P "$pid" 2>/dev/null || true
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
./seer4j "${ARGS[@]}" --out /tmp/seer4j-resume-b --resume > /tmp/seer4j-resume-b2.out 2> /tmp/seer4j-resume-b.err
python3 - "$STEPS" <<'PY'
import json, sys
steps = int(sys.argv[1])
def losses(path):
    d = {}
    for line in open(path):
        m = json.loads(line)
        d[m["iteration"]] = m["loss"]  # a re-run step after the resume overwrites the killed run's line
    return d
a = losses("/tmp/seer4j-resume-a/metrics.jsonl")
b = losses("/tmp/seer4j-resume-b/metrics.jsonl")
after = [i for i in range(3, steps + 1)]
print(json.dumps({"steps": steps, "checkpoint_at": 2, "killed_after_step": 3,
                  "loss_straight": [round(a[i], 6) for i in after],
                  "loss_resumed": [round(b[i], 6) for i in after],
                  "identical": all(a[i] == b[i] for i in after)}))
PY
