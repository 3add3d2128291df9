#!/usr/bin/env bash
# Builds a function from the build context that faas-cli assembles for the java11-maven template:
#
#   ./pom.xml            function-parent (the parent of every function and copied module)
#   ./entrypoint/        the process of-watchdog forwards to
#   ./function/          the handler folder (stack.yml "handler:")
#   ./function/<path>/   each configuration.copy path as written (faas-cli: ./shared-lib → function/shared-lib,
#                        ./libs/common → function/libs/common), a Maven module when it has a pom.xml
#
# It installs the parent POM, then builds the entrypoint, every copied module and the function in
# one Maven reactor, and gathers what the image runs into $OUT_DIR (default: target/dist):
#
#   function.jar   lib/*.jar   entrypoint.jar   cds.sh (the ship stage's class-data archive step)
#
# MVN_ARGS: extra Maven arguments, default -Dmaven.test.skip=true (the image packages only what ships;
# CI runs the tests). MVN: the Maven command, default mvn. Every plugin version comes from
# function-parent (the generated reactor inherits it), so the running Maven's defaults never apply.
set -euo pipefail

cd "$(dirname "$0")"
CONTEXT=$(pwd)
MVN=${MVN:-mvn}
read -r -a MVN_EXTRA <<< "${MVN_ARGS:--Dmaven.test.skip=true}"
OUT_DIR=${OUT_DIR:-target/dist}

mvn_run() {
  echo "build.sh: mvn $*" >&2
  "$MVN" -B "${MVN_EXTRA[@]}" "$@"
}

if [[ ! -f function/pom.xml ]]; then
  echo "build.sh: function/pom.xml not found in $CONTEXT: is this a faas-cli build context?" >&2
  exit 1
fi

# The copied Maven modules: every pom.xml under function/ at any depth, except the function's own and
# any inside a module's src/ or target/ (test resources, build output). The outermost of each tree goes
# into the reactor; one below it must be one of its <modules> (then Maven builds it), or it is refused.
module_dirs() {
  find function \( -name src -o -name target -o -name '.*' \) -prune -o -name pom.xml ! -path function/pom.xml -print \
    | sed 's|/pom\.xml$||' | LC_ALL=C sort
}
modules=()
every_module=()
while IFS= read -r dir; do
  every_module+=("$dir")
  case "$dir" in
    *[[:space:]\<\>\&]*)
      echo "build.sh: cannot build the copied module '$dir': its path has a space or an XML character" >&2
      exit 1 ;;
  esac
  outer=""
  for module in "${modules[@]}"; do
    [[ "$dir/" == "$module/"* ]] && outer=$module
  done
  if [[ -z "$outer" ]]; then
    modules+=("$dir")
    continue
  fi
  # nested: the module directly above it must list it (its <module> path, relative to that pom)
  parent=$(dirname "$dir")
  while [[ ! -f "$parent/pom.xml" ]]; do parent=$(dirname "$parent"); done
  if ! grep -Eq "<module>[[:space:]]*(\./)?${dir#"$parent"/}/?[[:space:]]*</module>" "$parent/pom.xml"; then
    echo "build.sh: $dir/pom.xml is inside the copied module $parent but not one of its <modules>:" \
      "it would be left out of the image; list it in $parent/pom.xml's <modules>" >&2
    exit 1
  fi
done < <(module_dirs)
# A directory under function/ with Java sources but no pom.xml would ship nothing: refuse it by name.
while IFS= read -r sources; do
  dir=${sources%/src/main/java}
  # the function's own sources, or sources inside a module's src/ (test resources): not a copied module
  [[ "$dir" == function || "$dir" == */src/* ]] && continue
  covered=false
  for module in "${modules[@]}"; do
    [[ "$dir/" == "$module/"* ]] && covered=true
  done
  if [[ "$covered" == false ]]; then
    echo "build.sh: $dir has Java sources but no pom.xml: a configuration.copy path must be a Maven module" >&2
    exit 1
  fi
done < <(find function \( -name target -o -name '.*' \) -prune -o -type d -path '*/src/main/java' -print)

# Local build output copied along with the handler folder must not leak into the image.
rm -rf target entrypoint/target function/target
for module in "${every_module[@]}"; do rm -rf "$module/target"; done

# 1. The parent POM, so that every module finds com.busos.campaign:function-parent.
mvn_run -N -f pom.xml install

# 2. One reactor: the entrypoint, the copied Maven modules (configuration.copy at any depth) and
#    the function. Maven orders them by their dependencies; the entrypoint and the copied modules are
#    installed, the function is packaged as target/function.jar + target/lib/*.jar (profile
#    function-layout of the parent). The aggregator inherits function-parent for its plugin versions
#    and is not installed.
reactor=target/build-reactor
mkdir -p "$reactor"
{
  cat <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>com.busos.campaign</groupId>
    <artifactId>function-parent</artifactId>
    <version>1.0.0</version>
    <relativePath>../../pom.xml</relativePath>
  </parent>
  <artifactId>build-context-reactor</artifactId>
  <packaging>pom</packaging>
  <properties><maven.install.skip>true</maven.install.skip></properties>
  <modules>
    <module>../../entrypoint</module>
POM
  for module in "${modules[@]}"; do
    echo "    <module>../../$module</module>"
  done
  cat <<'POM'
    <module>../../function</module>
  </modules>
</project>
POM
} > "$reactor/pom.xml"
echo "build.sh: copied modules: ${modules[*]:-none}" >&2
mvn_run -f "$reactor/pom.xml" install

if [[ ! -f function/target/function.jar ]]; then
  echo "build.sh: function/target/function.jar was not built; does function/src/main/java/com/openfaas/function/Handler.java exist?" >&2
  exit 1
fi

rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR/lib"
cp function/target/function.jar "$OUT_DIR/function.jar"
cp entrypoint/target/entrypoint.jar "$OUT_DIR/entrypoint.jar"
# The ship stage runs it to make the function's class-data archive (cds.sh's header).
cp cds.sh "$OUT_DIR/cds.sh"
shopt -s nullglob
for jar in entrypoint/target/lib/*.jar function/target/lib/*.jar; do
  cp "$jar" "$OUT_DIR/lib/"
done
echo "build.sh: $(cd "$OUT_DIR" && pwd): function.jar, entrypoint.jar, lib/ ($(ls "$OUT_DIR/lib" | wc -l) jars)" >&2
