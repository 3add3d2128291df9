#!/usr/bin/env bash
# Runs every benchmark at full size and writes docs/benchmarks.md (about 10 minutes on 2 cores).
#
#   ./bench/run.sh                 build (mvn -q -B -DskipTests install), then run
#   SKIP_BUILD=1 ./bench/run.sh    run the last build
#   ./bench/run.sh --only 2,4      some benchmarks only, written to bench/target/benchmarks-full.md
#
# Every server listens on a free port (the official entrypoint's hard-coded 8082 is moved: PortChangingServerProvider).
# Env: JAVA_OPTS for the benchmark JVM (the functions' child JVMs get none of them).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  echo "bench/run.sh: building (mvn -q -B -DskipTests install)..." >&2
  mvn -q -B -DskipTests install
fi

if [[ ! -f bench/target/bench.jar ]]; then
  echo "bench/run.sh: bench/target/bench.jar is missing: run without SKIP_BUILD=1" >&2
  exit 1
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" com.busos.campaign.bench.RunAll --full "$@"
