#!/usr/bin/env bash
# Side-by-side SwAV training-step benchmark: seer4j `pretrain` vs the PyTorch peer (src/test/python/swav_peer.py
# --mode step) on the same RegNetY, crops, batch, K=100 and images, alternating ROUNDS times (the machine may be
# shared); prints one JSON object with both rates, the ratio and both per-phase splits.
#
# Usage: [DATA=fashion-mnist|DIR] [CROPS=...] [BF16=1] bench/swav_step_vs_pytorch.sh [MODEL] [BATCH] [STEPS] [ROUNDS] [THREADS] [WARMUP]
#   MODEL   a flop budget for seer4j's fit (50e6 = the quickstart model) or a preset name (RegNetY-200MF); default 50e6
#   BATCH 64, STEPS 10 (timed), ROUNDS 2, WARMUP 3 (untimed; the PyTorch side's, and seer4j's when it has no --bench)
#   THREADS 1: the threads each side may use. PyTorch: torch.set_num_threads(THREADS) and OMP_NUM_THREADS=THREADS.
#           seer4j: -Dseer4j.threads=THREADS with OMP_NUM_THREADS=1; its resolution groups run concurrently on a thread
#           each when small, one after another on all threads when large (RegNetNetwork.SEQUENTIAL_PASS_MACS);
#           PASS_THREADS=N sets -Dseer4j.passThreads=N instead
#           (BLAS stays single-threaded inside; BLAS threads on top would oversubscribe the cores).
#           Several counts ("1 2" or 1,2; as the 5th argument or THREADS=... when it is left out) run in one call,
#           alternating within each round, and print one object {"threadsList": [...], "perThreads": [one object per
#           count, as a single count prints], "summary": [...]}.
#   BF16=1  seer4j's convolutions in bfloat16 (-Dseer4j.convolutions=bf16); PyTorch stays float.
#   DATA    fashion-mnist (default: Fashion-MNIST's gray 28 px images, 1-channel stem) or a folder of RGB photos
#           (jpg/png/..., recursively; 3-channel stem): seer4j `pretrain --data DIR --bench`, the peer `--data DIR`.
#   CROPS   default 2x28+4x16 for fashion-mnist (CROPS=2x28 for the trainers' default recipe) and SEER's 2x224+6x96
#           for photos (2x160+4x96 fits 2 cores better).
# Photos, e.g. (bench/photos_prepare.sh makes /tmp/seer4j-photos/tiles, 480x360 JPEG tiles of Debian's wallpapers):
#   DATA=/tmp/seer4j-photos/tiles CROPS=2x160+4x96 bench/swav_step_vs_pytorch.sh RegNetY-400MF 16 4 2 2 2
#   DATA=/tmp/seer4j-photos/tiles CROPS=2x224+6x96 bench/swav_step_vs_pytorch.sh RegNetY-400MF 8 4 2 "1 2" 2
# Needs: mvn -q -DskipTests package (the distribution under cli/target/) or CP=<classpath incl. the modules' target/classes>;
#        Debian's python3-torch 1.13 + python3-torchvision 0.14 (and python3-pil for photos) at /usr/bin/python3.
#
# seer4j's side, two ways (whichever the jar offers):
#   * `pretrain ... --bench` (when `pretrain --help` lists it): its stdout JSON's `imagesPerSecond` (for a folder
#     `step.imagesPerSecond`) is used as is. It times the step alone: each batch is built on the calling thread first
#     (decode + views, no workers) and that time is left out of the rate (seer4jSplitSeconds.dataOnCallingThread).
#     Its own warm-up is 3 steps and at least 10 s; for a folder it times the loader first (decode and views per
#     image on one thread, then the loader's batches with its `--workers 2` threads, no training), reported as
#     seer4jLoader;
#   * otherwise `pretrain --data fashion-mnist --flops|--model M --steps WARMUP+STEPS --batch B --out TMP`, and the rate
#     is computed from TMP/metrics.jsonl: `images_per_s` there is cumulative (images so far / seconds since the first
#     step), so line i gives the elapsed time t_i = i * B / images_per_s_i, and the steady rate after the warm-up is
#     STEPS * B / (t_last - t_WARMUP) -- the same warm-up the PyTorch side skips. The last line's own images_per_s
#     (all steps, JIT warm-up included) is reported too, as seer4jAllStepsImagesPerSecond. Here the augmentation runs
#     in the loader's worker threads beside the step and is part of the rate.
# The PyTorch side makes its views inline on the main thread (for photos it also decodes them there with PIL, from
# the folder, before each step): both are in pytorchMedian, their seconds in pytorchSplitSeconds, and
# pytorchImagesPerSecondNoAugmentation leaves them out. So with `--bench`, ratioSeer4jOverPytorch sets seer4j's step
# without its data work against PyTorch's step with it. For photos the object also carries like-for-like ratios:
# ratioStepOnly (both steps without data work) and ratioWithDataInline (seer4j's step plus its batch built on the
# calling thread, B / (stepSeconds + augmentSeconds), against PyTorch's step with data inline).
set -euo pipefail
DATA=${DATA:-fashion-mnist}
if [[ "$DATA" != fashion-mnist ]]; then
  [[ -d "$DATA" ]] || { echo "DATA=$DATA: not fashion-mnist and not a folder" >&2; exit 2; }
  DATA=$(cd "$DATA" && pwd)
fi
cd "$(dirname "$0")/.."
MODEL=${1:-50e6}; BATCH=${2:-64}; STEPS=${3:-10}; ROUNDS=${4:-2}; THREADS=${5:-${THREADS:-1}}; WARMUP=${6:-3}
read -r -a TLIST <<<"${THREADS//,/ }"
if [[ "$DATA" == fashion-mnist ]]; then CROPS=${CROPS:-2x28+4x16}; else CROPS=${CROPS:-2x224+6x96}; fi
CONVOLUTIONS=fp32; if [[ "${BF16:-0}" == 1 ]]; then CONVOLUTIONS=bf16; fi
JVM="-Xmx4g -Dorg.bytedeco.javacpp.maxbytes=12G -Dorg.bytedeco.javacpp.maxphysicalbytes=0"
if [[ -n "${CP:-}" ]]; then JAVA_CP=$CP; else LIB=$(ls -d cli/target/seer4j-*-dist/seer4j-*/lib); JAVA_CP="$LIB/*"; fi
java_cmd() { # THREADS ARGS...: the seer4j CLI with THREADS engine threads
  local t=$1; shift
  OMP_NUM_THREADS=1 java $JVM -Dseer4j.convolutions="$CONVOLUTIONS" ${PASS_THREADS:+-Dseer4j.passThreads=$PASS_THREADS} \
      -Dseer4j.threads="$t" \
      -cp "$JAVA_CP" io.github.seer4j.cli.Seer4j "$@"
}
if [[ "$MODEL" =~ ^[0-9.]+([eE][0-9]+)?$ ]]; then J_MODEL=(--flops "$MODEL"); P_MODEL=(--model-flops "$MODEL")
else J_MODEL=(--model "$MODEL"); P_MODEL=(--model "$MODEL"); fi
BENCH=0
if java_cmd 1 pretrain --help 2>&1 | grep -q -- '--bench'; then BENCH=1; fi
if [[ "$DATA" != fashion-mnist ]] && ((!BENCH)); then echo "photos need seer4j's pretrain --bench" >&2; exit 2; fi
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
for ((r = 0; r < ROUNDS; r++)); do
  for t in "${TLIST[@]}"; do
    out="$TMP/seer4j-$t-$r"
    if ((BENCH)); then
      java_cmd "$t" pretrain --data "$DATA" "${J_MODEL[@]}" --batch "$BATCH" --crops "$CROPS" --steps "$STEPS" \
          --out "$out" --bench >"$TMP/seer4j-$t-$r.out" 2>"$TMP/seer4j-$t-$r.err" \
        || { tail -n 20 "$TMP/seer4j-$t-$r.err" >&2; exit 1; }
      /usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))))' \
          "$TMP/seer4j-$t-$r.out" >"$TMP/j-$t-$r.json"
    else
      java_cmd "$t" pretrain --data fashion-mnist "${J_MODEL[@]}" --batch "$BATCH" \
          --crops "$CROPS" --steps "$((WARMUP + STEPS))" --checkpoint-every 0 --out "$out" >"$TMP/seer4j-$t-$r.out" 2>"$TMP/seer4j-$t-$r.err" \
        || { tail -n 20 "$TMP/seer4j-$t-$r.err" >&2; exit 1; }
      /usr/bin/python3 - "$out/metrics.jsonl" "$BATCH" "$WARMUP" >"$TMP/j-$t-$r.json" <<'PY'
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
    fi
    OMP_NUM_THREADS=$t /usr/bin/python3 src/test/python/swav_peer.py --mode step --data "$DATA" "${P_MODEL[@]}" \
        --batch "$BATCH" --crops "$CROPS" --steps "$STEPS" --warmup "$WARMUP" --threads "$t" \
        >"$TMP/p-$t-$r.json" 2>"$TMP/pytorch-$t-$r.err" || { tail -n 20 "$TMP/pytorch-$t-$r.err" >&2; exit 1; }
    js=$(head -c 60 "$TMP/j-$t-$r.json"); ps=$(head -c 60 "$TMP/p-$t-$r.json")
    echo "round $((r + 1))/$ROUNDS, $t thread(s): seer4j $js... pytorch $ps..." >&2
  done
done
/usr/bin/python3 - "$TMP" "$MODEL" "$BATCH" "$WARMUP" "$STEPS" "$ROUNDS" "$DATA" "${TLIST[@]}" <<'PY'
import json, statistics, sys
tmp, model, batch, warmup, steps, n, data = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), \
    int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
threads_list = [int(t) for t in sys.argv[8:]]
med = lambda xs: statistics.median(xs)
load = lambda side, t: [json.load(open("%s/%s-%d-%d.json" % (tmp, side, t, r))) for r in range(n)]


def one(threads):
    js, ps = load("j", threads), load("p", threads)
    photos = "step" in js[0]  # pretrain --data DIR --bench: the step's own object under "step", the loader's beside it
    steps_js = [x["step"] if photos else x for x in js]
    jr = [x["imagesPerSecond"] for x in steps_js]; pr = [x["imagesPerSecond"] for x in ps]
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
    res["seer4jConvolutions"] = steps_js[0].get("convolutions", "fp32")
    if photos:
        ws = [x["withWorkspaces"] for x in steps_js]
        inline = [batch / (w["stepSeconds"] + w["augmentSeconds"]) for w in ws]
        pno = res["pytorchImagesPerSecondNoAugmentation"]
        res.update({
            "data": data, "channels": ps[0]["channels"], "imagesListed": js[0]["images_listed"],
            "filesSkipped": {"seer4j": max(x["files_skipped"] for x in js),
                             "pytorch": max(x["filesSkipped"] for x in ps)},
            "decodeShortSide": {"seer4j": js[0]["loader"]["decode_short_side"], "pytorch": ps[0]["decodeShortSide"]},
            "meanDecodedPixels": {"seer4j": js[0]["loader"]["mean_decoded_pixels"],
                                  "pytorch": ps[0]["meanDecodedPixels"]},
            "seer4jSplitSeconds": {"dataOnCallingThread": med([w["augmentSeconds"] for w in ws]),
                                   "forward": med([w["forwardSeconds"] for w in ws]),
                                   "sinkhornLoss": med([w["objectiveSeconds"] for w in ws]),
                                   "backward": med([w["backwardSeconds"] for w in ws]),
                                   "update": med([w["updateSeconds"] for w in ws]),
                                   "step": med([w["stepSeconds"] for w in ws])},
            "seer4jLoader": {"workers": js[0]["loader"]["workers"],
                             "imagesPerSecond": med([x["loader"]["loader_images_per_s"] for x in js]),
                             "imagesPerSecondPerWorker": med([x["loader"]["images_per_s_per_worker"] for x in js]),
                             "decodeSecondsPerImage": med([x["loader"]["decode_s_per_image"] for x in js]),
                             "augmentSecondsPerImage": med([x["loader"]["augment_s_per_image"] for x in js]),
                             "keepsUp": all(x["loader_keeps_up"] for x in js)},
            "pytorchImagesPerSecondNoDecode": med([x["imagesPerSecondNoDecode"] for x in ps]),
            "pytorchDataOn": ps[0]["dataOn"],
            "ratioStepOnly": med(jr) / pno,
            "seer4jImagesPerSecondWithDataInline": inline,
            "ratioWithDataInline": med(inline) / med(pr),
            "rates": "seer4jMedian: pretrain --bench's step alone (its batches built on the calling thread first, "
                     "that time left out); pytorchMedian: the peer's step with PIL decoding and the views inline on "
                     "the main thread; ratioStepOnly: both without data work; ratioWithDataInline: both with it "
                     "inline on the calling thread"})
    return res


if len(threads_list) == 1:
    print(json.dumps(one(threads_list[0])))
else:
    per = [one(t) for t in threads_list]
    keys = ("threads", "seer4jMedian", "pytorchMedian", "ratioSeer4jOverPytorch", "ratioStepOnly",
            "ratioWithDataInline")
    print(json.dumps({"model": model, "batch": batch, "crops": per[0]["crops"], "data": data, "rounds": n,
                      "threadsList": threads_list, "summary": [{k: p[k] for k in keys if k in p} for p in per],
                      "perThreads": per}))
PY
