#!/bin/bash
# instructions.sh TEST_BINARY BENCH_REGEXP [N1 N2]
#
# Instructions per op of one benchmark, independent of the machine's load:
# runs the test binary (go test -c) under callgrind at two iteration counts
# and prints (Ir(N2) - Ir(N1)) / (N2 - N1), counting only code outside the
# Go runtime's .go files (the scheduler and GC, whose work under valgrind is
# not per op; memmove and bytealg assembly do count). Valgrind reports no
# AVX-512, so code that dispatches on the CPU runs its AVX2 (or portable)
# path here.
#
#   go test -c -o /tmp/flowlog.test ./flowlog
#   bench/instructions.sh /tmp/flowlog.test 'Parse/v2-full/flowq$'
set -euo pipefail
bin=$1 bench=$2 n1=${3:-20000} n2=${4:-120000}
ir() {
  local out
  out=$(mktemp)
  GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" \
    -test.run='^$' -test.bench="$bench" -test.benchtime="${1}x" -test.count=1 -test.cpu=1 >/dev/null 2>&1
  callgrind_annotate --auto=no --threshold=100 "$out" 2>/dev/null | awk '
    /file:function/ { on = 1; next }
    on && $1 ~ /^[0-9,]+$/ { if ($0 ~ /\/src\/runtime\/[a-z0-9_]+\.go:/) next; gsub(",", "", $1); s += $1 }
    END { printf "%d\n", s }'
  rm -f "$out"
}
a=$(ir "$n1")
b=$(ir "$n2")
echo "$bench $(((b - a) / (n2 - n1)))"
