#!/usr/bin/env bash
# CLI start-up benchmark (BENCHMARKS.md, "CLI start-up"): how long `build-tasklist --config conf/test.yaml --dump`
# takes from fork to exit, with and without the class-data archive and the C1-only JIT, and, when ansible is
# installed, `ansible-playbook --syntax-check` of a one-task play for comparison. Not part of `mvn verify`.
#
#   tests/bench/cli-startup.sh [RUNS] [DEPLOYER_DIR]
#
# RUNS (default 7) rounds; each round runs every variant once, in turn, so that the machine's load falls on all of
# them alike. DEPLOYER_DIR is a source checkout (default: this one) or an unpacked release. Needs GNU time.
set -euo pipefail
RUNS="${1:-7}"
DIR="$(cd "${2:-$(dirname "$0")/../..}" && pwd)"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# name | environment | command
VARIANTS=(
  "no archive, full JIT (the launcher before)|DEPLOYER_CDS=off DEPLOYER_JAVA_OPTS=-XX:TieredStopAtLevel=4|$DIR/bin/build-tasklist --config $DIR/conf/test.yaml --dump"
  "archive, full JIT|DEPLOYER_JAVA_OPTS=-XX:TieredStopAtLevel=4|$DIR/bin/build-tasklist --config $DIR/conf/test.yaml --dump"
  "no archive, C1 only|DEPLOYER_CDS=off|$DIR/bin/build-tasklist --config $DIR/conf/test.yaml --dump"
  "archive, C1 only (the launcher now)||$DIR/bin/build-tasklist --config $DIR/conf/test.yaml --dump"
)
if command -v ansible-playbook >/dev/null; then
  printf 'localhost ansible_connection=local\n' >"$WORK/inventory"
  printf -- '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n' >"$WORK/play.yaml"
  VARIANTS+=("ansible-playbook --syntax-check||ansible-playbook -i $WORK/inventory --syntax-check $WORK/play.yaml")
fi

# One untimed run each: builds the jars or the archive if needed, warms the page cache.
for v in "${VARIANTS[@]}"; do IFS='|' read -r _ envs cmd <<<"$v"; env $envs $cmd >/dev/null 2>&1; done

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 0; r < RUNS; r++)); do
  for i in "${!VARIANTS[@]}"; do
    IFS='|' read -r _ envs cmd <<<"${VARIANTS[$i]}"
    env $envs "$TIME" -o "$WORK/t" -f '%e %U %S %M' $cmd >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
    tail -1 "$WORK/t" >>"$WORK/v$i"
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f s (%.2f–%.2f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo "| variant | wall, median (min–max) | CPU user+sys, median (min–max) | peak RSS, median |"
echo "|---|---|---|---|"
for i in "${!VARIANTS[@]}"; do
  IFS='|' read -r name _ _ <<<"${VARIANTS[$i]}"
  wall="$(awk '{print $1}' "$WORK/v$i" | median)"
  cpu="$(awk '{print $2 + $3}' "$WORK/v$i" | median)"
  rss="$(awk '{print $4}' "$WORK/v$i" | sort -n | awk '{a[NR]=$1} END {printf "%d MiB", a[int((NR+1)/2)] / 1024}')"
  echo "| $name | $wall | $cpu | $rss |"
done
echo
echo "$RUNS runs each, interleaved; load average (1, 5, 15 min) before: $load_before, after: $load_after; nproc $(nproc)"
