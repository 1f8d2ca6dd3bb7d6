#!/usr/bin/env bash
# Alternating A/B runs of one command line, measured by client CPU (user+sys of the process tree, /usr/bin/time) and
# wall time and peak RSS (of the largest process, GNU time's %M): every round runs each variant once, in turn, so that a loaded machine's drift hits all alike.
#
#   ab-cpu.sh ROUNDS NAME 'VAR=VALUE …' [NAME 'VAR=VALUE …' …] -- COMMAND ARGS…
#
# Each variant is the command run with its environment assignments added (e.g. DEPLOYER_CDS=off, or
# DEPLOYER_JAVA_OPTS=…); '' is the command as it is. Prints per variant the median and every value.
# BENCHMARKS.md, "Self-contained release", has the command lines used.
set -euo pipefail
rounds=$1
shift
names=() envs=()
while [ "$1" != -- ]; do
  names+=("$1") envs+=("$2")
  shift 2
done
shift
declare -A cpu wall rss
t=$(mktemp)
trap 'rm -f "$t"' EXIT
for ((i = 0; i < rounds; i++)); do
  for k in "${!names[@]}"; do
    # shellcheck disable=SC2086 # the assignments are words
    env ${envs[k]} /usr/bin/time -f "%U %S %e %M" -o "$t" "$@" >/dev/null 2>&1 || true
    read -r u s e m <"$t"
    cpu[${names[k]}]+="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }') "
    wall[${names[k]}]+="$e "
    rss[${names[k]}]+="$((m / 1024)) "
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for n in "${names[@]}"; do
  printf '%-24s cpu median %s s [%s]   wall median %s s [%s]   peak RSS median %s MiB [%s]\n' "$n" \
    "$(median "${cpu[$n]}")" "${cpu[$n]% }" "$(median "${wall[$n]}")" "${wall[$n]% }" "$(median "${rss[$n]}")" "${rss[$n]% }"
done
