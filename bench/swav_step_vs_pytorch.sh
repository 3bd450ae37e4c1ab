#!/usr/bin/env bash
# Side-by-side SwAV training-step benchmark: seer4j `pretrain` vs the PyTorch peer (src/test/python/swav_peer.py
# --mode step) on the same RegNetY, crops (2x28+4x16), batch, K=100 and Fashion-MNIST images, alternating ROUNDS
# times (the machine may be shared); prints one JSON object with both rates, the ratio and both per-phase splits.
# The crops default to 2x28+4x16 (CROPS=... overrides, e.g. CROPS=2x28 for the trainers' default recipe).
#
# Usage: bench/swav_step_vs_pytorch.sh [MODEL] [BATCH] [STEPS] [ROUNDS] [THREADS] [WARMUP]
#   MODEL   a flop budget for seer4j's fit (50e6 = the quickstart model) or a preset name (RegNetY-200MF); default 50e6
#   BATCH 64, STEPS 10 (timed), ROUNDS 2, WARMUP 3 (untimed)
#   THREADS 1: the threads each side may use. PyTorch: torch.set_num_threads(THREADS) and OMP_NUM_THREADS=THREADS.
#           seer4j: -Dseer4j.passThreads=THREADS (its resolution groups run concurrently) and -Dseer4j.threads=THREADS (threads inside a pass) with OMP_NUM_THREADS=1
#           (BLAS stays single-threaded inside; BLAS threads on top would oversubscribe the cores).
# Needs: mvn -q -DskipTests package (the distribution under cli/target/) or CP=<classpath incl. the modules' target/classes>;
#        Debian's python3-torch 1.13 + python3-torchvision 0.14 at /usr/bin/python3.
#
# seer4j's side, two ways (whichever the jar offers):
#   * `pretrain ... --bench` (when `pretrain --help` lists it): its stdout JSON's `imagesPerSecond` is used as is;
#   * otherwise `pretrain --data fashion-mnist --flops|--model M --steps WARMUP+STEPS --batch B --out TMP`, and the rate
#     is computed from TMP/metrics.jsonl: `images_per_s` there is cumulative (images so far / seconds since the first
#     step), so line i gives the elapsed time t_i = i * B / images_per_s_i, and the steady rate after the warm-up is
#     STEPS * B / (t_last - t_WARMUP) -- the same warm-up the PyTorch side skips. The last line's own images_per_s
#     (all steps, JIT warm-up included) is reported too, as seer4jAllStepsImagesPerSecond.
# Both sides include the multi-crop augmentation in their rate (seer4j: background worker threads, `--workers 2`
# default; PyTorch: inline on the main thread, its seconds shown in the split).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-50e6}; BATCH=${2:-64}; STEPS=${3:-10}; ROUNDS=${4:-2}; THREADS=${5:-1}; WARMUP=${6:-3}
CROPS=${CROPS:-2x28+4x16}
JVM="-Xmx4g -Dorg.bytedeco.javacpp.maxbytes=12G -Dorg.bytedeco.javacpp.maxphysicalbytes=0 -Dseer4j.passThreads=${5:-1} -Dseer4j.threads=${5:-1}"
if [[ -n "${CP:-}" ]]; then JAVA=(java $JVM -cp "$CP" io.github.seer4j.cli.Seer4j); else LIB=$(ls -d cli/target/seer4j-*-dist/seer4j-*/lib); JAVA=(java $JVM -cp "$LIB/*" io.github.seer4j.cli.Seer4j); fi
if [[ "$MODEL" =~ ^[0-9.]+([eE][0-9]+)?$ ]]; then J_MODEL=(--flops "$MODEL"); P_MODEL=(--model-flops "$MODEL")
else J_MODEL=(--model "$MODEL"); P_MODEL=(--model "$MODEL"); fi
BENCH=0
if "${JAVA[@]}" pretrain --help 2>&1 | grep -q -- '--bench'; then BENCH=1; fi
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
j=(); p=()
for ((r = 0; r < ROUNDS; r++)); do
  out="$TMP/seer4j-$r"
  if ((BENCH)); then
    js=$(OMP_NUM_THREADS=1 "${JAVA[@]}" pretrain --data fashion-mnist "${J_MODEL[@]}" --batch "$BATCH" \
          --crops "$CROPS" --steps "$STEPS" --out "$out" --bench 2>"$TMP/seer4j-$r.err" \
          | /usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)))')
  else
    OMP_NUM_THREADS=1 "${JAVA[@]}" pretrain --data fashion-mnist "${J_MODEL[@]}" --batch "$BATCH" \
        --crops "$CROPS" --steps "$((WARMUP + STEPS))" --checkpoint-every 0 --out "$out" >"$TMP/seer4j-$r.out" 2>"$TMP/seer4j-$r.err" \
      || { tail -n 20 "$TMP/seer4j-$r.err" >&2; exit 1; }
    js=$(/usr/bin/python3 - "$out/metrics.jsonl" "$BATCH" "$WARMUP" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
b, w = int(sys.argv[2]), int(sys.argv[3])
t = [r["iteration"] * b / r["images_per_s"] for r in rows]      # elapsed seconds after each step
steady = rows[w:]
split = {k: sum(r[s] for r in steady) / len(steady) for k, s in
         (("dataWait", "s_data_wait"), ("forward", "s_forward"), ("sinkhornLoss", "s_sinkhorn_loss"),
          ("backward", "s_backward"), ("update", "s_update"))}
print(json.dumps({"imagesPerSecond": len(steady) * b / (t[-1] - t[w - 1]) if w > 0 else rows[-1]["images_per_s"],
                  "allStepsImagesPerSecond": rows[-1]["images_per_s"], "steps": len(rows), "split": split,
                  "lastLoss": rows[-1]["loss"], "source": "metrics.jsonl"}))
PY
)
  fi
  j+=("$js")
  p+=("$(OMP_NUM_THREADS=$THREADS /usr/bin/python3 src/test/python/swav_peer.py --mode step "${P_MODEL[@]}" \
        --batch "$BATCH" --crops "$CROPS" --steps "$STEPS" --warmup "$WARMUP" --threads "$THREADS" 2>"$TMP/pytorch-$r.err")")
  echo "round $((r + 1))/$ROUNDS: seer4j ${j[-1]:0:60}... pytorch ${p[-1]:0:60}..." >&2
done
/usr/bin/python3 - "$MODEL" "$BATCH" "$THREADS" "$WARMUP" "$STEPS" "${#j[@]}" "${j[@]}" "${p[@]}" <<'PY'
import json, statistics, sys
model, batch, threads, warmup, steps, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), \
    int(sys.argv[5]), int(sys.argv[6])
js = [json.loads(s) for s in sys.argv[7:7 + n]]
ps = [json.loads(s) for s in sys.argv[7 + n:]]
jr = [x["imagesPerSecond"] for x in js]; pr = [x["imagesPerSecond"] for x in ps]
med = lambda xs: statistics.median(xs)
res = {"model": model, "pytorchModel": ps[0]["model"], "params": ps[0]["params"],
       "seer4jBuiltParams": ps[0].get("seer4jBuiltParams"), "batch": batch, "crops": ps[0]["crops"],
       "threads": threads, "warmupSteps": warmup, "timedSteps": steps, "rounds": n,
       "seer4jImagesPerSecond": jr, "pytorchImagesPerSecond": pr,
       "seer4jMedian": med(jr), "pytorchMedian": med(pr), "ratioSeer4jOverPytorch": med(jr) / med(pr),
       "pytorchSplitSeconds": {k: med([x["split"][k] for x in ps]) for k in ps[0]["split"]},
       "pytorchImagesPerSecondNoAugmentation": med([x["imagesPerSecondNoAugmentation"] for x in ps])}
if "allStepsImagesPerSecond" in js[0]:
    res["seer4jAllStepsImagesPerSecond"] = [x["allStepsImagesPerSecond"] for x in js]
if "split" in js[0]:
    res["seer4jSplitSeconds"] = {k: med([x["split"][k] for x in js]) for k in js[0]["split"]}
res["seer4jSource"] = js[0].get("source", "pretrain --bench")
print(json.dumps(res))
PY
