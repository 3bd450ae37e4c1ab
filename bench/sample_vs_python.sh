#!/usr/bin/env bash
# Generating + pricing RegNetY specs on one thread: seer4j vs a pycls-style Python/NumPy implementation, one run.
# Usage: bench/sample_vs_python.sh [N_JAVA] [N_PYTHON]   (build first: mvn -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
n_java=${1:-1000000}
n_py=${2:-20000}
java_json=$(./seer4j sample --space RegNetY --n "$n_java" --seed 1 --bench --json)
py_json=$(python3 bench/pycls_style_sampler.py "$n_py")
python3 - "$java_json" "$py_json" <<'PY'
import json, sys
j, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({"seer4jSpecsPerSecond": round(j["specsPerSecond"]), "pythonSpecsPerSecond": round(p["specsPerSecond"]),
                  "ratio": round(j["specsPerSecond"] / p["specsPerSecond"], 1)}))
PY
