#!/bin/sh
# Starts redis-server with redis.conf, the functions' user and its password read from a secret file (default
# /run/secrets/redis-password, the Docker Compose secret; REDIS_PASSWORD_FILE overrides it). The
# password goes to redis-server on stdin ("redis-server <conf> -" reads extra config from stdin),
# never on the command line.
set -eu

conf=${REDIS_CONF:-/usr/local/etc/redis/redis.conf}
password_file=${REDIS_PASSWORD_FILE:-/run/secrets/redis-password}

if [ ! -r "$password_file" ] || [ ! -s "$password_file" ]; then
  echo "start-redis.sh: no password: $password_file is missing, empty or not readable by uid $(id -u)" >&2
  exit 1
fi

# One line, without the trailing newline (as faas-cli secret create --trim), quoted for redis.conf.
password=$(head -n 1 "$password_file" | tr -d '\r\n')
if [ -z "$password" ]; then
  echo "start-redis.sh: no password: the first line of $password_file is empty" >&2
  exit 1
fi
escaped=$(printf '%s' "$password" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')

# The functions log in as "campaign", limited to the project's keys and the commands it needs
# (functions-user.acl beside redis.conf); the default user is disabled.
acl=${REDIS_ACL_RULES:-$(dirname "$conf")/functions-user.acl}
prefix=${REDIS_KEY_PREFIX:-campaign}
rules=$(grep -v '^[[:space:]]*#' "$acl" | grep -v '^[[:space:]]*$' | sed "s/{campaign}/{$prefix}/g" | tr '\n' ' ')

exec redis-server "$conf" - <<EOF_CONFIG
user default off
user campaign on ">$escaped" $rules
EOF_CONFIG
