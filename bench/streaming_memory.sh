#!/usr/bin/env bash
# Resident memory of `seer4j pretrain` on a folder of 1,000 files and on one of 20,000 (bench/photos_prepare.sh makes
# both from the same 480x360 JPEG tiles): same model, crops, batch, steps and heap limit, so the only difference is the
# number of files listed. Prints one JSON object: max RSS (kB, from /usr/bin/time -v), the largest live heap after a
# garbage collection (MB, from -Xlog:gc: what the program holds, free of when the collector happens to run), wall
# seconds, and the 20k/1k ratios.
# Usage: bench/streaming_memory.sh [OUT]   (OUT defaults to /tmp/seer4j-photos)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/seer4j-photos}
STEPS=${STEPS:-12}
OPTS=${SEER4J_OPTS:--Xmx1g}
declare -A rss wall live
for n in 1000 20000; do
  d="$OUT/n$n"
  [ "$(find "$d" -type f | wc -l)" -ge "$n" ] || { echo "missing $d: run bench/photos_prepare.sh" >&2; exit 1; }
  rm -rf "/tmp/seer4j-mem-$n"
  SEER4J_OPTS="$OPTS -Xlog:gc:file=/tmp/seer4j-mem-$n.gc" /usr/bin/time -v ./seer4j pretrain --data "$d" --flops 50e6 --batch 16 --steps "$STEPS" --crops 2x96+2x64 \
    --checkpoint-every 0 --out "/tmp/seer4j-mem-$n" > "/tmp/seer4j-mem-$n.out" 2> "/tmp/seer4j-mem-$n.err"
  rss[$n]=$(grep 'Maximum resident' "/tmp/seer4j-mem-$n.err" | awk '{print $NF}')
  live[$n]=$(python3 -c "import re;print(max(int(m) for m in re.findall(r'\\d+M->(\\d+)M', open('/tmp/seer4j-mem-$n.gc').read())))")
  wall[$n]=$(python3 -c "import json;print(json.load(open('/tmp/seer4j-mem-$n.out'))['seconds'])")
done
python3 - "${rss[1000]}" "${rss[20000]}" "${wall[1000]}" "${wall[20000]}" "$STEPS" "$OPTS" "${live[1000]}" "${live[20000]}" <<'PY'
import json, sys
r1, r20, w1, w20, steps, opts = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
l1, l20 = int(sys.argv[7]), int(sys.argv[8])
print(json.dumps({"files": [1000, 20000], "max_rss_kb": [r1, r20], "rss_ratio_20k_over_1k": round(r20 / r1, 4),
                  "max_live_heap_after_gc_mb": [l1, l20], "live_heap_ratio_20k_over_1k": round(l20 / l1, 4),
                  "train_seconds": [w1, w20], "steps": steps, "batch": 16, "crops": "2x96+2x64",
                  "model": "RegNetY fitted to 50e6 flops", "jvm_opts": opts}))
PY
