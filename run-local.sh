#!/usr/bin/env bash
# Runs the campaign locally with only a JDK (17+) and Maven: builds the functions and the local
# gateway, then serves every function of stack.yml at http://127.0.0.1:${PORT:-8080}/function/<name>,
# with an embedded Redis unless REDIS_URL or REDIS_CLUSTER_NODES is set, and calls cron functions on schedule.
#
#   ./run-local.sh                 build, then run (Ctrl-C stops)
#   SKIP_BUILD=1 ./run-local.sh    run what was built last
#   ./run-local.sh --no-cron       do not call cron functions (or LOCAL_CRON=off)
#
# Secrets: one file per secret in ./.secrets/ (e.g. .secrets/notion-token), as faas-cli local-run.
# Without notion-token and resend-api-key (files or env): sandbox mode, nothing is sent: Notion is
# ./sandbox/notion + templates/, emails go to ./sandbox/outbox, listed at http://127.0.0.1:${PORT:-8080}/outbox;
# the embedded Redis keeps its data in ./sandbox/redis and the generated admin-token and unsubscribe-secret
# are in ./sandbox/secrets, so a restart loses nothing: delete ./sandbox/ to start over.
# Env: PORT, REDIS_URL, REDIS_CLUSTER_NODES, GATEWAY_URL, SECRETS_DIR, JAVA_OPTS; stack.yml environment values can be
# overridden by exporting the variable.
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  echo "run-local.sh: building (mvn -q -DskipTests package)..." >&2
  mvn -q -B -DskipTests package
fi

if [[ ! -f local-gateway/target/local-gateway.jar ]]; then
  echo "run-local.sh: local-gateway/target/local-gateway.jar is missing: run without SKIP_BUILD=1" >&2
  exit 1
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -cp "local-gateway/target/local-gateway.jar:local-gateway/target/lib/*" \
  com.busos.campaign.gateway.LocalGateway --stack stack.yml "$@"
