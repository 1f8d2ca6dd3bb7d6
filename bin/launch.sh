# Shared by bin/deploy and bin/build-tasklist (sourced, not run). Builds the jars once when they are
# missing or older than the sources, then runs the given main class with conf/log4j2.xml.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/target/lib"
STAMP="$LIB/.built"

needs_build() {
  [ -f "$STAMP" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/core" "$ROOT/commands" "$ROOT/generators" \
      \( -path '*/src/main/*' -o -name pom.xml \) -newer "$STAMP" -print -quit 2>/dev/null)" ]
}

if needs_build; then
  command -v mvn >/dev/null || { echo "$(basename "$0"): Maven (mvn) is needed to build the deployer once" >&2; exit 2; }
  echo "Building Software Deployer (mvn package, tests skipped; once, or after a source change)..." >&2
  rm -rf "$LIB"
  mkdir -p "$ROOT/target"
  if ! (cd "$ROOT" && mvn -q -DskipTests -pl core,commands,generators -am package) >"$ROOT/target/build.log" 2>&1; then
    echo "$(basename "$0"): the build failed; see $ROOT/target/build.log" >&2
    exit 2
  fi
  touch "$STAMP"
fi

CP="$LIB/*"
for module in core commands generators; do
  for jar in "$ROOT/$module"/target/deployer-"$module"-*.jar; do
    case "$jar" in *-tests.jar) ;; *) CP="$CP:$jar" ;; esac
  done
done

exec java ${DEPLOYER_JAVA_OPTS:-} -Dlog4j2.configurationFile="$ROOT/conf/log4j2.xml" -cp "$CP" "$MAIN_CLASS" "$@"
