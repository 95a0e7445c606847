#!/usr/bin/env bash
# Flake check: run the strict nbval suite (python -m pytest notebooks) 10 times in a row, then
# twice at the same time to load the machine, and report how many runs were green.
#
# Usage: tools/flake_check.sh [SEQUENTIAL_RUNS] [PARALLEL_RUNS]     (defaults: 10 and 2)
#        make flakes
# Logs of every run go to test-artifacts/flakes/; a red run's failing cells are printed.
# Exit status 0 only when every run was green.
set -uo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
SEQUENTIAL="${1:-10}"
PARALLEL="${2:-2}"
LOGS="test-artifacts/flakes"
rm -rf "$LOGS" && mkdir -p "$LOGS"

run_suite() {  # $1: log file. pyproject's addopts give --nbval --nbval-current-env and sanitizers.
  "$PYTHON" -m pytest notebooks -q >"$1" 2>&1
}

report() {  # $1: label, $2: exit status, $3: log file
  if [ "$2" -eq 0 ]; then
    echo "$1: green ($(tail -n 1 "$3"))"
  else
    echo "$1: RED, see $3"
    grep -E '^(FAILED|ERROR)' "$3" | sed 's/^/    /'
  fi
}

sequential_green=0
for run in $(seq 1 "$SEQUENTIAL"); do
  log="$LOGS/sequential-$run.log"
  run_suite "$log"
  status=$?
  report "sequential run $run/$SEQUENTIAL" "$status" "$log"
  [ "$status" -eq 0 ] && sequential_green=$((sequential_green + 1))
done

pids=()
for run in $(seq 1 "$PARALLEL"); do
  run_suite "$LOGS/parallel-$run.log" &
  pids+=("$!")
done
parallel_green=0
for run in $(seq 1 "$PARALLEL"); do
  wait "${pids[$((run - 1))]}"
  status=$?
  report "parallel run $run/$PARALLEL" "$status" "$LOGS/parallel-$run.log"
  [ "$status" -eq 0 ] && parallel_green=$((parallel_green + 1))
done

echo "sequential: $sequential_green/$SEQUENTIAL green, parallel: $parallel_green/$PARALLEL green"
[ "$sequential_green" -eq "$SEQUENTIAL" ] && [ "$parallel_green" -eq "$PARALLEL" ]
