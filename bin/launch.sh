# Shared by bin/deploy and bin/build-tasklist (sourced, not run; they set MAIN_CLASS and LAUNCH_JAVA_OPTS).
# Runs the main class with conf/log4j2.xml, in either of two layouts:
#  - a source checkout (pom.xml beside bin/): builds the jars once when they are missing or older than the
#    sources, then runs them from target/;
#  - a release (deployer-<version>.tar.gz, no pom.xml): runs the jars in lib/ and never calls Maven; the
#    self-contained release (deployer-<version>-linux-x64.tar.gz) also has runtime/ and an AOT cache in lib/.
# Either way the JVM starts from a class-data-sharing archive of the classes a short run loads (BENCHMARKS.md,
# "CLI start-up"): made once by a training run whenever the jars (or the java binary) change, never a reason
# to fail or to print anything.
set -euo pipefail

# The real location, so that a symlink to bin/deploy (e.g. in ~/bin) works; the callers pass it resolved.
BIN="${BASH_SOURCE[0]%/*}"
ROOT="${BIN%/*}"
RUNTIME=""
if [ ! -f "$ROOT/pom.xml" ] && [ -x "$ROOT/runtime/bin/java" ]; then
  # The self-contained release (deployer-<version>-linux-x64): its own runtime, whatever else is installed, and the
  # AOT cache trained for it at package time. Local commands that want a Java (the demo's service) get it as
  # JAVA_HOME, unless one is set.
  RUNTIME="$ROOT/runtime"
  JAVA="$RUNTIME/bin/java"
  export JAVA_HOME="${JAVA_HOME:-$RUNTIME}"
else
  JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
fi
if ! command -v "$JAVA" >/dev/null; then
  if [ -n "${JAVA_HOME:-}" ]; then
    echo "${0##*/}: JAVA_HOME is $JAVA_HOME, but $JAVA is not an executable java (Java 17 or later is needed)" >&2
  else
    echo "${0##*/}: Java 17 or later is needed: java on the PATH, or JAVA_HOME" >&2
  fi
  exit 2
fi

if [ -f "$ROOT/pom.xml" ]; then
  LIB="$ROOT/target/lib"
  STAMP="$LIB/.built"
  CDS_DIR="$ROOT/target"

  # Only src/main and the poms of the shipping modules: 2–4 ms here, where a walk of the modules' whole trees
  # (target/ included) took 5–6 ms and grows with every test run's reports (BENCHMARKS.md, "CLI start-up").
  needs_build() {
    [ -f "$STAMP" ] || return 0
    [ -n "$(find "$ROOT/pom.xml" "$ROOT"/{core/spi,core,commands,generators}/pom.xml "$ROOT"/{core/spi,core,commands,generators}/src/main \
        -newer "$STAMP" -print -quit 2>/dev/null)" ]
  }

  if needs_build; then
    command -v mvn >/dev/null || { echo "${0##*/}: Maven (mvn) is needed to build the deployer once" >&2; exit 2; }
    echo "Building Software Deployer (mvn package, tests skipped; once, or after a source change)..." >&2
    rm -rf "$LIB"
    mkdir -p "$ROOT/target"
    if ! (cd "$ROOT" && mvn -q -DskipTests -pl core,commands,generators -am package) >"$ROOT/target/build.log" 2>&1; then
      echo "${0##*/}: the build failed; see $ROOT/target/build.log" >&2
      exit 2
    fi
    touch "$STAMP"
  fi

  JARS=("$LIB"/*.jar)
  # Each shipping module's folder and artifact name (the SPI is nested under core).
  for module in core/spi:spi core:core commands:commands generators:generators; do
    for jar in "$ROOT/${module%%:*}"/target/deployer-"${module#*:}"-*.jar; do
      case "$jar" in *-tests.jar) ;; *) JARS+=("$jar") ;; esac
    done
  done
else
  LIB="$ROOT/lib"
  JARS=("$LIB"/*.jar)
  # A read-only install (e.g. /opt as root, run by a user) keeps its archive in the user's cache instead.
  if [ -w "$LIB" ]; then
    CDS_DIR="$LIB"
  else
    CDS_DIR="${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/deployer/${ROOT//\//_}"
  fi
fi
[ -f "${JARS[0]}" ] || { echo "${0##*/}: no jars in $LIB; is this installation complete?" >&2; exit 2; }
# An explicit, sorted classpath (not lib/*): the archive is only valid for the classpath it was made with.
printf -v CP '%s:' "${JARS[@]}"
CP="${CP%:}"

# JVM warnings go to stderr (stdout carries results only, e.g. `build-tasklist --dump`); the class-data
# archive's own messages are off: an archive the JVM cannot use is skipped silently, never an error.
# DEPLOYER_PERF_JVM_FLAGS=off drops the launcher's JVM options (bin/deploy's and bin/build-tasklist's LAUNCH_JAVA_OPTS).
[ "${DEPLOYER_PERF_JVM_FLAGS:-on}" = off ] && LAUNCH_JAVA_OPTS=""
JVM_OPTS=(-Xlog:disable "-Xlog:all=warning,cds*=off:stderr" ${LAUNCH_JAVA_OPTS:-} ${DEPLOYER_JAVA_OPTS:-}
          "-Dlog4j2.configurationFile=$ROOT/conf/log4j2.xml")

CDS_OPTS=()
if [ -n "$RUNTIME" ]; then
  # Made with this classpath at package time; a cache the JVM cannot use is skipped, silently (aot logging off).
  JVM_OPTS[1]="-Xlog:all=warning,cds*=off,aot*=off:stderr"
  if [ "${DEPLOYER_CDS:-on}" != off ] && [ -s "$LIB/deployer.aot" ]; then
    CDS_OPTS=(-XX:AOTCache="$LIB/deployer.aot")
  fi
elif [ "${DEPLOYER_CDS:-on}" != off ]; then
  JSA="$CDS_DIR/deployer.jsa"
  # What the archive depends on, one stat call (1–4 ms): each jar's name, size and mtime, and the java binary's.
  # (Comparing mtimes with bash's -nt would need no fork, but misses a jar replaced by an older build.)
  CDS_STAMP="$(stat -L -c '%n %s %Y' -- "$(command -v "$JAVA")" "${JARS[@]}" 2>/dev/null)" || CDS_STAMP=""
  made_for=""
  [ -f "$JSA.stamp" ] && { IFS= read -r -d '' made_for <"$JSA.stamp" || true; }

  if [ -n "$CDS_STAMP" ] && [ "$made_for" != "$CDS_STAMP" ] && mkdir -p "$CDS_DIR" 2>/dev/null && [ -w "$CDS_DIR" ]; then
    # Stale or missing: train a new archive (a few seconds, once), quietly; its log is kept beside it. The
    # stamp is written even when the training fails (e.g. a JVM without a base archive), so that a failure
    # costs one try per change, not one per run.
    tmp="$JSA.$$"
    trap 'rm -f "$tmp" "$tmp.stamp"' EXIT
    rm -f "$JSA"
    if "$JAVA" "${JVM_OPTS[@]}" -XX:ArchiveClassesAtExit="$tmp" -cp "$CP" deployer.core.internal.cli.perf.CdsTraining "$ROOT/conf/test.yaml" \
        </dev/null >"$JSA.log" 2>&1 && [ -s "$tmp" ]; then
      mv -f "$tmp" "$JSA"
    fi
    printf '%s' "$CDS_STAMP" >"$tmp.stamp" && mv -f "$tmp.stamp" "$JSA.stamp"
    trap - EXIT
    made_for="$CDS_STAMP"
  fi
  if [ -n "$CDS_STAMP" ] && [ "$made_for" = "$CDS_STAMP" ] && [ -s "$JSA" ]; then
    CDS_OPTS=(-XX:SharedArchiveFile="$JSA")
  fi
fi

exec "$JAVA" "${JVM_OPTS[@]}" "${CDS_OPTS[@]}" -cp "$CP" "$MAIN_CLASS" "$@"
