#!/usr/bin/env bash
# Resident memory of `seer4j pretrain` on a folder of 1,000 files and on one of 20,000 (bench/photos_prepare.sh makes
# both from the same 480x360 JPEG tiles): same model, crops, batch, steps, and a fixed, pre-touched heap (so the
# collector's heap sizing, which follows the machine's load, does not decide the figure; a run whose heap needs grew
# with the file count would fail in it), alternating 1k, 20k, 1k, 20k. Prints one JSON object: max RSS (kB, from
# /usr/bin/time -v) and training seconds of every run, and the ratio of the 20k mean to the 1k mean.
# Usage: bench/streaming_memory.sh [OUT]   (OUT defaults to /tmp/seer4j-photos)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/seer4j-photos}
STEPS=${STEPS:-12}
OPTS=${SEER4J_OPTS:--Xms384m -Xmx384m -XX:+AlwaysPreTouch}
results=()
for n in 1000 20000 1000 20000; do
  d="$OUT/n$n"
  [ "$(find "$d" -type f | wc -l)" -ge "$n" ] || { echo "missing $d: run bench/photos_prepare.sh" >&2; exit 1; }
  rm -rf "/tmp/seer4j-mem-$n"
  SEER4J_OPTS="$OPTS" /usr/bin/time -v ./seer4j pretrain --data "$d" --flops 50e6 --batch 16 --steps "$STEPS" \
    --crops 2x96+2x64 --checkpoint-every 0 --out "/tmp/seer4j-mem-$n" > "/tmp/seer4j-mem-$n.out" 2> "/tmp/seer4j-mem-$n.err"
  rss=$(grep 'Maximum resident' "/tmp/seer4j-mem-$n.err" | awk '{print $NF}')
  secs=$(python3 -c "import json;print(json.load(open('/tmp/seer4j-mem-$n.out'))['seconds'])")
  paths=$(grep -o 'paths held in [0-9]* kB' "/tmp/seer4j-mem-$n.err" | awk '{print $4}')
  results+=("$n:$rss:$secs:$paths")
done
python3 - "$STEPS" "$OPTS" "${results[@]}" <<'PY'
import json, sys
steps, opts = int(sys.argv[1]), sys.argv[2]
runs = [dict(zip(("files", "max_rss_kb", "train_seconds", "path_list_kb"), map(float, r.split(":")))) for r in sys.argv[3:]]
runs = [{k: (int(v) if k != "train_seconds" else v) for k, v in r.items()} for r in runs]
mean = lambda n: sum(r["max_rss_kb"] for r in runs if r["files"] == n) / sum(1 for r in runs if r["files"] == n)
print(json.dumps({"runs": runs, "rss_ratio_20k_over_1k": round(mean(20000) / mean(1000), 4), "steps": steps,
                  "batch": 16, "crops": "2x96+2x64", "model": "RegNetY fitted to 50e6 flops", "jvm_opts": opts}))
PY
