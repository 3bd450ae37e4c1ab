#!/usr/bin/env bash
# Side-by-side training-step benchmark: seer4j (bench-step) vs PyTorch/torchvision on the same model, resolution and
# batch, alternating ROUNDS times (the machine may be shared); prints one JSON object with both rates and the ratio.
# Needs: mvn -q -DskipTests package (the distribution under cli/target/) or CP=<classpath incl. the modules' target/classes>;
#        apt-get install -y python3-torch python3-torchvision libopenblas0-pthread
# Usage: [BF16=1] bench/step_vs_pytorch.sh [MODEL] [RESOLUTION] [BATCH] [STEPS] [ROUNDS] [THREADS]
#   BF16=1: seer4j's convolutions in bfloat16 (bench-step --bf16); PyTorch stays float.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-RegNetY-200MF}; RES=${2:-32}; BATCH=${3:-64}; STEPS=${4:-20}; ROUNDS=${5:-3}; THREADS=${6:-1}
JVM="-Xmx4g -Dorg.bytedeco.javacpp.maxbytes=12G -Dorg.bytedeco.javacpp.maxphysicalbytes=0"
if [[ -n "${CP:-}" ]]; then JAVA=(java $JVM -cp "$CP" io.github.seer4j.cli.Seer4j); else LIB=$(ls -d cli/target/seer4j-*-dist/seer4j-*/lib); JAVA=(java $JVM -cp "$LIB/*" io.github.seer4j.cli.Seer4j); fi
EXTRA=(); if [[ "${BF16:-0}" == 1 ]]; then EXTRA=(--bf16); fi
j=(); p=()
for ((r = 0; r < ROUNDS; r++)); do
  j+=("$(OMP_NUM_THREADS=$THREADS "${JAVA[@]}" bench-step --model "$MODEL" --resolution "$RES" --batch "$BATCH" --threads "$THREADS" \
        --steps "$STEPS" ${EXTRA[@]+"${EXTRA[@]}"} --json 2>/dev/null)")
  p+=("$(OMP_NUM_THREADS=$THREADS /usr/bin/python3 bench/step_pytorch.py --model "$MODEL" --resolution "$RES" \
        --batch "$BATCH" --steps "$STEPS" --threads "$THREADS" 2>/dev/null)")
done
/usr/bin/python3 - "$THREADS" "${#j[@]}" "${j[@]}" "${p[@]}" <<'PY'
import json, statistics, sys
threads, n = int(sys.argv[1]), int(sys.argv[2])
js = [json.loads(s) for s in sys.argv[3:3 + n]]
ps = [json.loads(s) for s in sys.argv[3 + n:]]
jr = [x["imagesPerSecond"] for x in js]; pr = [x["imagesPerSecond"] for x in ps]
print(json.dumps({"model": js[0]["model"], "resolution": js[0]["resolution"], "batch": js[0]["batch"],
                  "threads": threads, "rounds": n, "seer4jConvolutions": js[0].get("convolutions", "fp32"),
                  "seer4jImagesPerSecond": jr, "pytorchImagesPerSecond": pr,
                  "seer4jMedian": statistics.median(jr), "pytorchMedian": statistics.median(pr),
                  "ratioSeer4jOverPytorch": statistics.median(jr) / statistics.median(pr),
                  "seer4jEfficiency": statistics.median(x["efficiency"] for x in js),
                  "seer4jStepWorkspaceBytes": js[-1]["stepWorkspaceBytes"],
                  "seer4jOffHeapGrowthPerStepBytes": js[-1]["offHeapGrowthPerStepBytes"]}))
PY
