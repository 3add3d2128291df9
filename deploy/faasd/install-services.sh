#!/usr/bin/env bash
# Adds the campaign's services to faasd: Redis (redis-config/faasd-compose-snippet.yaml, with this
# repository's redis-config/) and the cron-connector (deploy/faasd/cron-connector.yaml). Run it on the
# faasd host, from a checkout of this repository, after creating .secrets/redis-password:
#
#   sudo deploy/faasd/install-services.sh && sudo systemctl restart faasd
#
# 1. copies redis-config/redis.conf, start-redis.sh and functions-user.acl to $FAASD_DIR/redis-config/;
# 2. copies .secrets/redis-password to $FAASD_DIR/redis-secrets/redis-password (mode 0400, owner 999,
#    the redis user), the same value the functions get as their redis-password secret;
# 3. appends each service not yet there under "services:" of $FAASD_DIR/docker-compose.yaml (after a
#    copy to docker-compose.yaml.<time>.bak). Running it again changes nothing that is already there.
#
# FAASD_DIR: default /var/lib/faasd. SECRETS_DIR: default .secrets.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
faasd="${FAASD_DIR:-/var/lib/faasd}"
secrets="${SECRETS_DIR:-$repo/.secrets}"
compose="$faasd/docker-compose.yaml"
snippets=("$repo/redis-config/faasd-compose-snippet.yaml" "$repo/deploy/faasd/cron-connector.yaml")

say() { echo "install-services.sh: $*" >&2; }

[[ -f "$compose" ]] || { say "$compose not found: is faasd installed (FAASD_DIR=$faasd)?"; exit 1; }
if [[ ! -s "$secrets/redis-password" ]]; then
  say "$secrets/redis-password is missing: create it first, e.g."
  say "  mkdir -p .secrets && openssl rand -hex 32 > .secrets/redis-password"
  exit 1
fi
# The services are appended at the end of the file, so "services:" must be its last top-level key
# (as in faasd's own docker-compose.yaml).
last_key=$(grep -E '^[A-Za-z_][A-Za-z0-9_-]*:' "$compose" | tail -n 1 | cut -d: -f1)
if [[ "$last_key" != "services" ]]; then
  say "the last top-level key of $compose is '$last_key', not 'services': paste the services of"
  say "${snippets[*]} under services: yourself"
  exit 1
fi

# 1. Redis configuration
install -d -m 0755 "$faasd/redis-config"
install -m 0644 "$repo/redis-config/redis.conf" "$repo/redis-config/start-redis.sh" "$repo/redis-config/functions-user.acl" "$faasd/redis-config/"

# 2. Redis password (readable by the redis user only)
install -d -m 0700 "$faasd/redis-secrets"
install -m 0400 "$secrets/redis-password" "$faasd/redis-secrets/redis-password"
if [[ $(id -u) -eq 0 ]]; then
  chown -R 999:999 "$faasd/redis-secrets"
fi

# 3. Services
backup=""
for snippet in "${snippets[@]}"; do
  # the service names of the snippet: the keys indented by two spaces under its "services:"
  mapfile -t names < <(awk '/^services:/{s=1; next} s && /^  [A-Za-z0-9_-]+:/{sub(/^  /,""); sub(/:.*/,""); print}' "$snippet")
  for name in "${names[@]}"; do
    if grep -qE "^  ${name}:" "$compose"; then
      say "service $name is already in $compose: left as it is"
      continue
    fi
    if [[ -z "$backup" ]]; then
      backup="$compose.$(date -u +%Y%m%dT%H%M%SZ).bak"
      cp -p "$compose" "$backup"
      say "backup: $backup"
    fi
    {
      # a blank line, then the service's block: from its key to the next service (comments included)
      echo
      awk -v name="$name" '
        /^services:/ { s = 1; next }
        s && /^  [A-Za-z0-9_-]+:/ { inside = ($0 ~ "^  " name ":") }
        s && inside { print }
      ' "$snippet"
    } >> "$compose"
    say "added service $name"
  done
done

say "done: now run  sudo systemctl restart faasd  (logs: journalctl -t openfaas:redis -t openfaas:cron-connector)"
