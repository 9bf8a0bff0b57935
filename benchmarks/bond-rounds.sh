#!/usr/bin/env bash
# Bond output against a plain output port under JMH, on a host whose speed drifts by more than the effect looked
# for: every BondOutputBenchmark case (flows 1 and 1000, masks exact and l2, outputs plain/bond2/bond4) runs as a
# single JMH fork, round after round, so each bond fork sits minutes at most from the plain fork it is compared
# with. Prints each fork's median, then per case the median over rounds (and its ratio to plain) and the median and
# range of the per-round ratios. docs/benchmarks.md "Bond output" records what it gave.
#
# usage: benchmarks/bond-rounds.sh [rounds [benchmarks.jar]]   (defaults: 5, benchmarks/target/benchmarks.jar)
# env:   JAVA (default: java on PATH), FRAME_SIZE (default 9280, the runtime's jumbo frame stride)
set -euo pipefail

rounds=${1:-5}
jar=${2:-benchmarks/target/benchmarks.jar}
java=${JAVA:-java}
frame=${FRAME_SIZE:-9280}
case $rounds in '' | *[!0-9]* | 0) echo "rounds must be a positive number: $rounds" >&2; exit 2 ;; esac
[[ -f $jar ]] || { echo "no benchmarks jar at $jar (build: ./mvnw -q -DskipTests package -pl benchmarks -am)" >&2; exit 2; }

out=$(mktemp)
fork=$(mktemp)
trap 'rm -f "$out" "$fork"' EXIT

for r in $(seq 1 "$rounds"); do
  for flows in 1 1000; do
    for mask in exact l2; do
      for output in plain bond2 bond4; do
        "$java" -jar "$jar" BondOutputBenchmark -p flows="$flows" -p mask="$mask" -p output="$output" \
            -p frameSize="$frame" -f 1 -wi 3 -i 5 -w 1 -r 2 > "$fork" 2>&1 \
          || { echo "JMH failed (round $r, $flows $mask $output):" >&2; tail -20 "$fork" >&2; exit 1; }
        median=$(awk '/^Iteration/ {print $3 / 1e6}' "$fork" | sort -g \
            | awk '{v[NR] = $1} END {if (NR == 0) exit 1; print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}') \
          || { echo "no iterations in the fork's output (round $r, $flows $mask $output)" >&2; exit 1; }
        echo "$r $flows $mask $output $median" | tee -a "$out"
      done
    done
  done
done

awk '
  function median(a, n,    i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { v[$2 " " $3, $4, $1] = $5; rounds[$1] = 1; cases[$2 " " $3] = 1 }
  END {
    print "\nflows mask   plain Mpps   bond2 Mpps (ratio)   bond4 Mpps (ratio)   per-round bond2 ratio   per-round bond4 ratio"
    split("1 exact|1 l2|1000 exact|1000 l2", order, "|")
    for (c = 1; c <= 4; c++) {
      k = order[c]
      if (!(k in cases)) continue
      n = 0; for (r in rounds) p[++n] = v[k, "plain", r]; plain = median(p, n)
      line = sprintf("%-10s %10.2f", k, plain); ranges = ""
      split("bond2 bond4", outs, " ")
      for (o = 1; o <= 2; o++) {
        n = 0; for (r in rounds) b[++n] = v[k, outs[o], r]; bond = median(b, n)
        line = line sprintf("   %10.2f (%.3f)", bond, bond / plain)
        n = 0; lo = 1e9; hi = 0
        for (r in rounds) { x = v[k, outs[o], r] / v[k, "plain", r]; q[++n] = x; if (x < lo) lo = x; if (x > hi) hi = x }
        ranges = ranges sprintf("   %.3f (%.2f-%.2f)    ", median(q, n), lo, hi)
      }
      line = line ranges; sub(/ +$/, "", line); print line
    }
  }' "$out"
