#!/usr/bin/env bash
# Makes the function's application class-data archive (AppCDS), in the image's ship stage: at the
# image's own paths and with its own JVM, because an archive only serves the JVM build and class path
# it was dumped with. The image's fprocess names the archive (-XX:SharedArchiveFile=...) and, with the
# JVM's default -Xshare:auto, maps it at start; a missing or unusable archive only means a slower start.
#
#   1. training run: fprocess as of-watchdog starts it (split on spaces), plus -XX:DumpLoadedClassList,
#      with ENTRYPOINT_TRAINING_BODY: the entrypoint calls itself once and exits (TrainingRun);
#   2. dump: java -Xshare:dump with that class list and fprocess's class path, into the archive.
#
# Static AppCDS (a class list, then -Xshare:dump) is what Java 11, the ship stage's JRE, offers (the
# dynamic -XX:ArchiveClassesAtExit came in 13). Env: fprocess (the image's), TRAINING_BODY (default {}).
set -euo pipefail

read -r -a command <<< "${fprocess:?fprocess is not set: run this in the ship stage, after its ENV fprocess}"
archive=""
classpath=""
for ((i = 0; i < ${#command[@]}; i++)); do
  case "${command[$i]}" in
    -XX:SharedArchiveFile=*) archive=${command[$i]#-XX:SharedArchiveFile=} ;;
    -cp | -classpath) classpath=${command[$((i + 1))]} ;;
  esac
done
if [[ -z "$archive" || -z "$classpath" ]]; then
  echo "cds.sh: fprocess has no -XX:SharedArchiveFile=... or no -cp: $fprocess" >&2
  exit 1
fi
classes="${archive%.jsa}.classlist"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The training run: as fprocess, on a free port, offline (no Redis, no provider reachable: the
#    call goes as far as a function goes without them, and answers what it answers then).
empty_object='{}'
ENTRYPOINT_TRAINING_BODY=${TRAINING_BODY:-$empty_object} UPSTREAM_PORT=0 SECRETS_DIR="$work/no-secrets" \
  REDIS_URL=redis://127.0.0.1:1 \
  "${command[0]}" "-XX:DumpLoadedClassList=$classes" "${command[@]:1}" > "$work/training.log" 2>&1 || {
  echo "cds.sh: the training run failed:" >&2
  cat "$work/training.log" >&2
  exit 1
}
grep -q '"event":"trained"' "$work/training.log" || {
  echo "cds.sh: the training run did not call the function:" >&2
  cat "$work/training.log" >&2
  exit 1
}

# 2. The archive, from the classes the training run loaded.
"${command[0]}" -Xshare:dump "-XX:SharedClassListFile=$classes" "-XX:SharedArchiveFile=$archive" \
  -cp "$classpath" > "$work/dump.log" 2>&1 || {
  echo "cds.sh: -Xshare:dump failed:" >&2
  cat "$work/dump.log" >&2
  exit 1
}
listed=$(wc -l < "$classes")
size=$(du -k "$archive" | cut -f1)
echo "cds.sh: $archive: $listed classes listed, $size KiB" >&2
