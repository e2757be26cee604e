#!/usr/bin/env bash
# Runs the codec benchmarks in paired rounds and prints BENCHMARKS.md's tables.
#
# On a shared 2-core machine other processes slow whichever benchmark happens to run while they are busy. So each
# payload size gets its own JMH run in which encodeFrame and rawBase64 run back to back (their ratio is read inside
# that run), and the rounds repeat that; the report gives each run and the median over the runs.
#
# usage: dfx-benchmarks/run-codec-benchmarks.sh [JAR [ROUNDS [OUT_DIR]]]
#   JAR      default dfx-benchmarks/target/dfx-benchmarks.jar (build it: mvn -B -o -q -pl dfx-benchmarks -am verify)
#   ROUNDS   default 3
#   OUT_DIR  default a new temporary directory; JMH's JSON and text output go there
set -euo pipefail

jar=${1:-dfx-benchmarks/target/dfx-benchmarks.jar}
rounds=${2:-3}
out=${3:-$(mktemp -d)}
mkdir -p "$out"
# short runs for 2 cores; a fixed heap so that its resizing is not measured
jmh_opts=(-f 1 -wi 5 -w 1s -i 5 -r 1s -jvmArgsAppend "-Xms2g -Xmx2g" -prof gc)

files=()
for round in $(seq 1 "$rounds"); do
  for size in 16384 262144 1048576; do
    f="$out/encode-r$round-$size"
    java -jar "$jar" AddDataEncodeBenchmark -p payloadBytes="$size" "${jmh_opts[@]}" \
      -rf json -rff "$f.json" >"$f.txt" 2>&1
    files+=("$f.json")
  done
done
f="$out/decode"
java -jar "$jar" ResponseDecodeBenchmark "${jmh_opts[@]}" -rf json -rff "$f.json" >"$f.txt" 2>&1
files+=("$f.json")

echo "JMH output: $out"
echo
java -cp "$jar" dev.dfx.benchmarks.BenchmarkReport "${files[@]}"
