#!/usr/bin/env bash
# Prints the `faas-cli secret create` command of every secret stack.yml's functions use (the union of
# their secrets: lists, in order of first use), then, commented out, the optional ones stack.yml names
# in comments ("# - calendly-signing-key"). Read from stack.yml each time, so the list cannot drift;
# platform-checks' SecretsScriptTest compares it with stack.yml as faas-cli parses it.
#
#   scripts/secrets.sh                  # review the commands
#   scripts/secrets.sh | bash           # run them (faas-cli login first; the files must exist)
#   scripts/secrets.sh --update         # `faas-cli secret update` instead, to change existing values
#   scripts/secrets.sh -f other.yml     # another stack file
#
# Each value comes from a file, one per secret, in SECRETS_DIR (default .secrets, the folder
# ./run-local.sh reads too): e.g. printf '%s' 'secret_…' > .secrets/notion-token. faas-cli trims the
# trailing newline (--trim, on by default). Needs only bash and awk.
set -euo pipefail

stack="$(cd "$(dirname "$0")/.." && pwd)/stack.yml"
shown=stack.yml
verb=create
while [[ $# -gt 0 ]]; do
  case "$1" in
    -f|--yaml) stack="$2"; shown="$2"; shift 2 ;;
    --update) verb=update; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "secrets.sh: unknown argument: $1 (usage: secrets.sh [--update] [-f stack.yml])" >&2; exit 2 ;;
  esac
done
[[ -f "$stack" ]] || { echo "secrets.sh: $stack not found" >&2; exit 1; }
dir="${SECRETS_DIR:-.secrets}"

# "R name" for a secret a function lists, "O name" for one named in a comment inside a secrets: list.
# Block lists (indented or not), flow lists ([a, b]), quotes and trailing comments are understood.
awk '
  function indent(line) { match(line, /^[ ]*/); return RLENGTH }
  function clean(name) {
    sub(/[ \t]+#.*$/, "", name); gsub(/^[ \t"\047]+|[ \t"\047]+$/, "", name); return name
  }
  /^[ ]*secrets:[ \t]*\[/ {
    list = $0; sub(/^[^\[]*\[/, "", list); sub(/\].*$/, "", list)
    n = split(list, items, ",")
    for (i = 1; i <= n; i++) { name = clean(items[i]); if (name != "") print "R " name }
    next
  }
  /^[ ]*secrets:[ \t]*(#.*)?$/ { inlist = 1; keyindent = indent($0); next }
  inlist {
    if ($0 ~ /^[ \t]*$/) next
    if ($0 ~ /^[ \t]*#/) {
      if (match($0, /-[ \t]+[a-z0-9][a-z0-9.-]*[ \t]*$/)) {
        name = substr($0, RSTART + 1); gsub(/[ \t]/, "", name); print "O " name
      }
      next
    }
    if ($0 ~ /^[ ]*-[ \t]/ && indent($0) >= keyindent) {
      name = $0; sub(/^[ ]*-[ \t]+/, "", name); name = clean(name)
      if (name != "") print "R " name
      next
    }
    inlist = 0
  }
' "$stack" | awk -v verb="$verb" -v dir="$dir" -v stack="$shown" '
  $1 == "R" && !($2 in required) { required[$2] = 1; order[++n] = $2 }
  $1 == "O" && !($2 in optional) { optional[$2] = 1; optorder[++m] = $2 }
  END {
    print "# The secrets of " stack " (scripts/secrets.sh). Values: one file each in " dir "/."
    for (i = 1; i <= n; i++) print "faas-cli secret " verb " " order[i] " --from-file=" dir "/" order[i]
    header = 0
    for (i = 1; i <= m; i++) {
      if (optorder[i] in required) continue
      if (!header) { print "# Optional: create one, then uncomment it under the function in stack.yml:"; header = 1 }
      print "# faas-cli secret " verb " " optorder[i] " --from-file=" dir "/" optorder[i]
    }
  }
'
