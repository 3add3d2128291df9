#!/usr/bin/env bash
# The email templates: the files in templates/ and Notion's Email Templates database.
#
#   ./campaign-templates.sh check              every template a sequence uses: exists, subject and body,
#                                              placeholders of its sequence, well-formed HTML (exit 1 on a problem)
#   ./campaign-templates.sh check --notion     the same, on Notion's database (before a deploy)
#   ./campaign-templates.sh push               templates/*.html to Notion (create or update by Template Name)
#   ./campaign-templates.sh pull               Notion's templates into templates/
#   ./campaign-templates.sh preview '5-Day E2' --out /tmp/e2.html    rendered for templates/samples/5day.json
#
# Notion settings as for the functions: ./.secrets/notion-token and ./.secrets/notion-email-templates-db-id
# (or NOTION_TOKEN / NOTION_EMAIL_TEMPLATES_DB_ID in the environment). Builds the tools on first use
# (REBUILD=1 to build again).
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${REBUILD:-}" == "1" || ! -f tools/target/tools.jar ]]; then
  echo "campaign-templates.sh: building the tools (mvn -q -DskipTests install -pl tools -am)..." >&2
  mvn -q -B -DskipTests install -pl tools -am
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -cp "tools/target/tools.jar:tools/target/lib/*" com.busos.campaign.tools.Templates "$@"
