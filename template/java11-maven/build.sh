#!/usr/bin/env bash
# Builds a function from the build context that faas-cli assembles for the java11-maven template:
#
#   ./pom.xml            function-parent (the parent of every function and copied module)
#   ./entrypoint/        the process of-watchdog forwards to
#   ./function/          the handler folder (stack.yml "handler:")
#   ./function/<dir>/    each configuration.copy path (e.g. shared-lib), a Maven module when it has a pom.xml
#
# and gathers what the image runs into $OUT_DIR (default: target/dist):
#
#   function.jar   lib/*.jar   entrypoint.jar
#
# MVN_ARGS: extra Maven arguments, default -DskipTests (CI runs the tests). Tests of the platform
# checks use "-o -q -DskipTests". MVN: the Maven command, default mvn.
set -euo pipefail

cd "$(dirname "$0")"
CONTEXT=$(pwd)
MVN=${MVN:-mvn}
read -r -a MVN_EXTRA <<< "${MVN_ARGS:--DskipTests}"
OUT_DIR=${OUT_DIR:-target/dist}

mvn_run() {
  echo "build.sh: mvn $*" >&2
  "$MVN" -B "${MVN_EXTRA[@]}" "$@"
}

if [[ ! -f function/pom.xml ]]; then
  echo "build.sh: function/pom.xml not found in $CONTEXT: is this a faas-cli build context?" >&2
  exit 1
fi

# Local build output copied along with the handler folder must not leak into the image.
rm -rf target entrypoint/target function/target function/*/target

# 1. The parent POM, so that every module finds com.busos.campaign:function-parent.
mvn_run -N -f pom.xml install
# 2. The entrypoint.
mvn_run -f entrypoint/pom.xml install
# 3. Copied Maven modules (configuration.copy), e.g. shared-lib.
for module_pom in function/*/pom.xml; do
  [[ -f "$module_pom" ]] || continue
  mvn_run -f "$module_pom" install
done
# 4. The function: target/function.jar and target/lib/*.jar (profile function-layout of the parent).
mvn_run -f function/pom.xml package

if [[ ! -f function/target/function.jar ]]; then
  echo "build.sh: function/target/function.jar was not built; does function/src/main/java/com/openfaas/function/Handler.java exist?" >&2
  exit 1
fi

rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR/lib"
cp function/target/function.jar "$OUT_DIR/function.jar"
cp entrypoint/target/entrypoint.jar "$OUT_DIR/entrypoint.jar"
shopt -s nullglob
for jar in entrypoint/target/lib/*.jar function/target/lib/*.jar; do
  cp "$jar" "$OUT_DIR/lib/"
done
echo "build.sh: $(cd "$OUT_DIR" && pwd): function.jar, entrypoint.jar, lib/ ($(ls "$OUT_DIR/lib" | wc -l) jars)" >&2
