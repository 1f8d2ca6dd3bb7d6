#!/usr/bin/env bash
# CLI start-up benchmark (BENCHMARKS.md, "CLI start-up"): how long `build-tasklist --config conf/test.yaml --dump`
# takes from fork to exit, with and without the class-data archive and the C1-only JIT, and, when ansible is
# installed, `ansible-playbook --syntax-check` of a one-task play for comparison, with each row's ratio to it (the
# issue's target: the launcher as it is ≤ 0.5× ansible). Not part of `mvn verify`.
#
#   tests/bench/cli-startup.sh [RUNS] [DEPLOYER_DIR]
#   COMPARE_WITH=/path/to/other/checkout tests/bench/cli-startup.sh …   # adds that checkout's launcher as a row
#
# RUNS (default 7) rounds; each round runs every variant once, in turn, so that the machine's load falls on all of
# them alike. DEPLOYER_DIR is a source checkout (default: this one) or an unpacked release. COMPARE_WITH (e.g. an
# older commit's `git archive`, built once by its own bin/) measures a change before and after in the same rounds.
# Needs GNU time.
set -euo pipefail
RUNS="${1:-7}"
DIR="$(cd "${2:-$(dirname "$0")/../..}" && pwd)"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

DUMP="--config $DIR/conf/test.yaml --dump"
# name | environment (assignments separated by ';') | command
VARIANTS=(
  "no archive, full JIT (the launcher before the archive)|DEPLOYER_CDS=off;DEPLOYER_JAVA_OPTS=-XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=1|$DIR/bin/build-tasklist $DUMP"
  "archive, full JIT|DEPLOYER_JAVA_OPTS=-XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=1|$DIR/bin/build-tasklist $DUMP"
  "no archive, C1 only|DEPLOYER_CDS=off|$DIR/bin/build-tasklist $DUMP"
  "archive, C1 only (the launcher now)||$DIR/bin/build-tasklist $DUMP"
)
NOW=3
if [ -n "${COMPARE_WITH:-}" ]; then
  OTHER="$(cd "$COMPARE_WITH" && pwd)"
  VARIANTS+=("$OTHER's launcher||$OTHER/bin/build-tasklist $DUMP")
fi
ANSIBLE=""
if command -v ansible-playbook >/dev/null; then
  printf 'localhost ansible_connection=local\n' >"$WORK/inventory"
  printf -- '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n' >"$WORK/play.yaml"
  ANSIBLE="${#VARIANTS[@]}"
  VARIANTS+=("ansible-playbook --syntax-check||ansible-playbook -i $WORK/inventory --syntax-check $WORK/play.yaml")
fi

run() { # run INDEX [time] : the variant's command with its environment; stdout discarded
  local envs cmd assignments=()
  IFS='|' read -r _ envs cmd <<<"${VARIANTS[$1]}"
  [ -n "$envs" ] && IFS=';' read -r -a assignments <<<"$envs"
  if [ "${2:-}" = time ]; then
    env "${assignments[@]}" "$TIME" -o "$WORK/t" -f '%e %U %S %M' $cmd >/dev/null 2>"$WORK/err"
  else
    env "${assignments[@]}" $cmd >/dev/null 2>&1
  fi
}

# One untimed run each: builds the jars or the archive if needed, warms the page cache.
for i in "${!VARIANTS[@]}"; do run "$i" || true; done

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 0; r < RUNS; r++)); do
  for i in "${!VARIANTS[@]}"; do
    run "$i" time || { cat "$WORK/err" >&2; exit 1; }
    tail -1 "$WORK/t" >>"$WORK/v$i"
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
range() { sort -n | awk '{a[NR]=$1} END {printf "%.2f s (%.2f–%.2f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
if [ -n "$ANSIBLE" ]; then
  ansible_wall="$(awk '{print $1}' "$WORK/v$ANSIBLE" | median)"
  ansible_cpu="$(awk '{print $2 + $3}' "$WORK/v$ANSIBLE" | median)"
  echo "| variant | wall, median (min–max) | CPU user+sys, median (min–max) | peak RSS, median | wall ÷ ansible | CPU ÷ ansible |"
  echo "|---|---|---|---|---|---|"
else
  echo "| variant | wall, median (min–max) | CPU user+sys, median (min–max) | peak RSS, median |"
  echo "|---|---|---|---|"
fi
for i in "${!VARIANTS[@]}"; do
  IFS='|' read -r name _ _ <<<"${VARIANTS[$i]}"
  wall="$(awk '{print $1}' "$WORK/v$i" | range)"
  cpu="$(awk '{print $2 + $3}' "$WORK/v$i" | range)"
  rss="$(awk '{print $4}' "$WORK/v$i" | sort -n | awk '{a[NR]=$1} END {printf "%d MiB", a[int((NR+1)/2)] / 1024}')"
  if [ -n "$ANSIBLE" ]; then
    w="$(awk '{print $1}' "$WORK/v$i" | median)"
    c="$(awk '{print $2 + $3}' "$WORK/v$i" | median)"
    ratios="$(awk -v w="$w" -v c="$c" -v aw="$ansible_wall" -v ac="$ansible_cpu" 'BEGIN {printf "%.2f× | %.2f×", w / aw, c / ac}')"
    echo "| $name | $wall | $cpu | $rss | $ratios |"
  else
    echo "| $name | $wall | $cpu | $rss |"
  fi
done
echo
if [ -n "$ANSIBLE" ]; then
  IFS='|' read -r name _ _ <<<"${VARIANTS[$NOW]}"
  now_wall="$(awk '{print $1}' "$WORK/v$NOW" | median)"
  awk -v o="$now_wall" -v a="$ansible_wall" 'BEGIN {printf "build-tasklist --dump, the launcher now: %.2f s wall = %.2f× ansible-playbook --syntax-check (%.2f s) in the same rounds; the target is ≤ 0.5×\n", o, o / a, a}'
fi
echo "$RUNS runs each, interleaved; load average (1, 5, 15 min) before: $load_before, after: $load_after; nproc $(nproc)"
