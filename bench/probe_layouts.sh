#!/usr/bin/env bash
# Linear probes of one checkpoint (and of a random init of the same model, seed 1) with every feature layout `probe`
# offers, at 100% / 10% / 1% of the Fashion-MNIST labels; prints one JSON object per probe (probe --json), one per line.
# Features are cached under the checkpoint (and runs/features for the random trunk), so a rerun only fits the probes.
# Needs: mvn -q -DskipTests package (the distribution under cli/target/); Fashion-MNIST installed (apt-get install dataset-fashion-mnist).
# Usage: bench/probe_layouts.sh CHECKPOINT [FLOPS]      e.g. bench/probe_layouts.sh runs/story-final/pretrain 50e6
set -euo pipefail
cd "$(dirname "$0")/.."
CKPT=${1:?usage: bench/probe_layouts.sh CHECKPOINT [FLOPS]}; FLOPS=${2:-50e6}
LAYOUTS=("" "--all-stages" "--all-stages --grid 7" "--resolution 36" "--all-stages --resolution 36"
         "--all-stages --grid 7 --resolution 36")
for source in "$CKPT" random; do
  extra=(); [[ $source == random ]] && extra=(--flops "$FLOPS")
  for layout in "${LAYOUTS[@]}"; do
    for fraction in 1.0 0.1 0.01; do
      # shellcheck disable=SC2086  # a layout is several flags
      ./seer4j probe --checkpoint "$source" "${extra[@]}" --labels-fraction "$fraction" $layout \
          --json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))'
    done
  done
done
