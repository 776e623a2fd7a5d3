#!/usr/bin/env bash
# The newcomer's path from a fresh clone of HEAD: ./vfio-policy report (the launcher builds the
# jar), then mvn -B verify. Fails if either prints a warning, an escape code or anything else
# that is not the build's own progress. The tests run are narrowed to ArchitectureTest (the one
# that logs through SLF4J) unless FULL=1: the rest of verify is what CI runs anyway.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$src" "$work/clone"
cd "$work/clone"
status=0

./vfio-policy report --hosts 50 > /dev/null 2> "$work/launcher.err"
# The launcher says it is building, and nothing else.
if grep -v '^vfio-policy: building .* (first use or sources changed) \.\.\.$' "$work/launcher.err"
then
  echo "check-quiet-build: the launcher printed the lines above" >&2
  status=1
fi

tests=(-Dtest=ArchitectureTest -Dsurefire.failIfNoSpecifiedTests=false)
[[ ${FULL:-0} == 1 ]] && tests=()
mvn -B "${tests[@]}" verify > "$work/verify.log" 2>&1 || { cat "$work/verify.log"; exit 1; }
# Maven's own [INFO] lines are its progress; anything else is noise of the project's making.
if grep -nE $'\e|\\[WARNING\\]|\\[ERROR\\]|SLF4J|WARNING:|warning:' "$work/verify.log" \
    || grep -vnE '^\[INFO\]' "$work/verify.log"; then
  echo "check-quiet-build: mvn -B verify printed the lines above" >&2
  status=1
fi
[[ $status == 0 ]] && echo "check-quiet-build: ok (launcher and mvn -B verify are quiet)"
exit "$status"
