#!/usr/bin/env bash
# Checks that seer4j-designspace works as a lone dependency: installs the modules into a Maven repository
# (default: a fresh one under /tmp, so the figures include every download), builds the throwaway project in
# bench/standalone/ that depends only on io.github.seer4j:seer4j-designspace, runs the README's DSL example, and
# prints one JSON line: install seconds, the throwaway project's resolved dependencies, whether any ND4J/JavaCPP/DL4J
# artifact is among them, the jar sizes, and the example's first output lines.
# Usage: bench/designspace_standalone.sh [REPO_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:-$(mktemp -d /tmp/seer4j-m2.XXXXXX)}
t0=$(date +%s.%N)
mvn -B -ntp -q -Dmaven.repo.local="$repo" -DskipTests install
t1=$(date +%s.%N)
work=$(mktemp -d /tmp/seer4j-standalone.XXXXXX)
cp -r bench/standalone/. "$work"
(cd "$work" && mvn -B -ntp -q -Dmaven.repo.local="$repo" compile dependency:build-classpath -Dmdep.outputFile=cp.txt \
  && mvn -B -ntp -q -Dmaven.repo.local="$repo" dependency:list -DoutputFile=deps.txt -DexcludeTransitive=false)
out=$(cd "$work" && java -cp "target/classes:$(cat cp.txt)" demo.Dsl | head -2)
python3 - "$work/deps.txt" "$repo" "$t0" "$t1" "$out" <<'PY'
import glob, json, os, sys
deps = sorted({l.strip().split(":")[0] + ":" + l.strip().split(":")[1] for l in open(sys.argv[1]) if l.startswith("   ")})
repo = sys.argv[2]
sizes = {os.path.basename(p): os.path.getsize(p) for p in glob.glob(repo + "/io/github/seer4j/*/*/seer4j-*-SNAPSHOT.jar")}
print(json.dumps({"installSeconds": round(float(sys.argv[4]) - float(sys.argv[3]), 1), "repository": repo,
                  "dependencies": deps,
                  "nativeFree": not any(d.startswith(("org.nd4j", "org.bytedeco", "org.deeplearning4j")) for d in deps),
                  "jarBytes": sizes, "output": sys.argv[5].splitlines()}))
PY
