#!/usr/bin/env bash
# Makes deployer-<version>-linux-x64.tar.gz beside the plain release tarball, when the build machine has a JDK 25 or
# later (issue 21): the plain release plus runtime/ (a jlink'ed runtime of only the modules the jars use, found by
# jdeps) and lib/deployer.aot (an AOT cache, JEP 483/514/515, trained here on a real run). Unpacked anywhere it runs
# with no Java installed; bin/launch.sh sees runtime/ and uses it.
# Without a JDK 25 it says so and makes nothing: the build passes with only the plain tarball.
#
#   self-contained.sh PLAIN_TARBALL OUTPUT_DIR [auto|off] [TRAINING_SSHD_CLASSPATH]
#     off: -Ddeployer.selfContained=off, makes nothing. TRAINING_SSHD_CLASSPATH: Apache MINA sshd's jars (dist's
#     test-scoped dependencies), for the SSH server the training connects to; without it, or when that server does not
#     start, the training goes on without an SSH connection.
# The JDK: $JAVA25_HOME, else the newest JDK >= 25 in the usual install folders.
set -euo pipefail
plain=$1
out=$2
sshd_cp=${4:-}
if [ "${3:-auto}" = off ]; then
  echo "self-contained release: skipped (deployer.selfContained=off)" >&2
  exit 0
fi

major() { # the feature version of the JDK in $1, from its release file; 0 if none
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null) || true
  echo "${v:-0}"
}

find_jdk() {
  if [ -n "${JAVA25_HOME:-}" ]; then
    if [ -x "$JAVA25_HOME/bin/jlink" ] && [ "$(major "$JAVA25_HOME")" -ge 25 ]; then
      echo "$JAVA25_HOME"
      return
    fi
    echo "self-contained release: JAVA25_HOME=$JAVA25_HOME is not a JDK 25 or later with jlink; looking elsewhere" >&2
  fi
  local best="" best_major=0 d m
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "${HOME:-/nonexistent}"/.sdkman/candidates/java/* \
           "${HOME:-/nonexistent}"/.jdks/*; do
    [ -x "$d/bin/jlink" ] || continue
    m=$(major "$d")
    if [ "$m" -ge 25 ] && [ "$m" -gt "$best_major" ]; then
      best=$d best_major=$m
    fi
  done
  echo "$best"
}

jdk=$(find_jdk)
if [ -z "$jdk" ]; then
  echo "self-contained release: skipped, no JDK 25 or later (set JAVA25_HOME); only the plain tarball is made" >&2
  exit 0
fi

name=$(basename "$plain" .tar.gz)
work=$(mktemp -d)
sshd_pid=""
trap '[ -z "$sshd_pid" ] || kill "$sshd_pid" 2>/dev/null; rm -rf "$work"' EXIT
tar -xzf "$plain" -C "$work"
home="$work/$name-linux-x64"
mv "$work/$name" "$home"

# The modules the jars need (jdeps), plus jdk.compiler: the demo's service is a single-file Java program
# (`java Server.java`), which the release's runtime runs for it (launch.sh gives local commands JAVA_HOME).
modules=$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 17 --print-module-deps "$home"/lib/*.jar 2>/dev/null | tail -1)
modules="$modules,jdk.compiler,jdk.zipfs"
echo "self-contained release: jlink of $jdk ($(major "$jdk")): $modules" >&2
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress zip-6 \
  --output "$home/runtime" >&2

# An SSH server on loopback for the training to deploy to (TrainingSshd: MINA sshd, in a JVM of its own, on the build's
# JDK). Quietly none when it does not start within a minute: the cache is then made without an SSH connection.
train="$work/train"
mkdir -p "$train"
ssh_args=()
if [ -n "$sshd_cp" ]; then
  ssh_dir="$work/ssh"
  mkdir -p "$ssh_dir"
  "$jdk/bin/java" -cp "$sshd_cp" "$(dirname "$0")/TrainingSshd.java" "$ssh_dir" </dev/null >"$train/sshd.log" 2>&1 &
  sshd_pid=$!
  for _ in $(seq 600); do
    [ -f "$ssh_dir/ready" ] || ! kill -0 "$sshd_pid" 2>/dev/null && break
    sleep 0.1
  done
  if [ -f "$ssh_dir/ready" ]; then
    ssh_args=("$ssh_dir/deploy.yaml" "$ssh_dir/plan.json")
  fi
fi

# The AOT cache, trained on a real run: the CLI's help, a dry run (build-tasklist --dump) and a local deploy of the
# spec's example, the config reference, sshj's configuration, and a deploy over SSH to the server above when there is
# one (CdsTraining), with the deploy launcher's JVM options.
# The cache is made with the classpath the launcher will use (bin/launch.sh: the release's lib/, sorted).
cp_list=("$home"/lib/*.jar)
printf -v cp '%s:' "${cp_list[@]}"
cp=${cp%:}
launch_opts=$(sed -n 's/^LAUNCH_JAVA_OPTS="\(.*\)"$/\1/p' "$home/bin/deploy")
# shellcheck disable=SC2086 # the options are words
(cd "$train" && HOME="$train" "$home/runtime/bin/java" $launch_opts -XX:AOTCacheOutput="$home/lib/deployer.aot" \
  "-Dlog4j2.configurationFile=$home/conf/log4j2.xml" -cp "$cp" deployer.core.internal.cli.perf.CdsTraining "$home/conf/test.yaml" \
  "${ssh_args[@]}" </dev/null >"$train/training.log" 2>&1) || { cat "$train/training.log" >&2; echo "self-contained release: AOT training failed" >&2; exit 1; }
[ -s "$home/lib/deployer.aot" ] || { cat "$train/training.log" >&2; echo "self-contained release: no AOT cache made" >&2; exit 1; }
if [ -n "$sshd_pid" ]; then
  kill "$sshd_pid" 2>/dev/null || true
  wait "$sshd_pid" 2>/dev/null || true
  sshd_pid=""
fi
# What the training did, step by step (with or without SSH), for whoever reads the build's output.
grep '^cds training: ' "$train/training.log" | sed 's/^/self-contained release: /' >&2 || true

mkdir -p "$out"
tar -czf "$out/$name-linux-x64.tar.gz" -C "$work" "$name-linux-x64"
echo "self-contained release: $out/$name-linux-x64.tar.gz ($(du -sh "$home/runtime" | cut -f1) runtime, $(du -sh "$home/lib/deployer.aot" | cut -f1) AOT cache)" >&2
