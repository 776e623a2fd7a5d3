#!/usr/bin/env bash
# Start-up and file-reading benchmark, measured in one hyperfine run so the ratios share a
# machine state: a Java hello-world (the JVM's floor) against ./vfio-policy --version,
# use-cases list, the default report and report --hosts 10000000; then a Jackson token pass over
# a 100,000-host .jsonl against report --population of that file (and of the same fleet as .csv),
# with peak RSS (no -Xmx).
#   benchmarks/startup.sh                 # 5 runs each (3 for the long ones)
#   BASE_JAR=/tmp/base.jar benchmarks/startup.sh   # also times an older jar the same way
#   BASE_DIR=/tmp/old benchmarks/startup.sh         # also times an older checkout (built, its
#                                                   # archive made) through its own launcher
#   STARTUP_ONLY=1 benchmarks/startup.sh            # the short commands only
# Needs hyperfine and GNU time (/usr/bin/time). Writes scratch files under ${TMPDIR:-/tmp}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="${TMPDIR:-/tmp}/vfio-policy-startup"
mkdir -p "$work"
runs=${RUNS:-5}
jar="$root/target/vfio-policy.jar"
./vfio-policy --version >/dev/null          # builds the jar and the class-data archive if needed
./vfio-policy report >/dev/null
javac -d "$work" benchmarks/startup/Hello.java
javac -cp "$jar" -d "$work" benchmarks/startup/TokenPass.java
pop="$work/fleet-100000.jsonl"
[[ -s $pop ]] || ./vfio-policy population generate --preset mixed --hosts 100000 -o "$pop"
csv="$work/fleet-100000.csv"
[[ -s $csv ]] || ./vfio-policy population generate --preset mixed --hosts 100000 -o "$csv"

base=()
if [[ -n ${BASE_DIR:-} ]]; then
  base=(-n "before: --version" "$BASE_DIR/vfio-policy --version"
        -n "before: use-cases list" "$BASE_DIR/vfio-policy use-cases list"
        -n "before: report" "$BASE_DIR/vfio-policy report")
fi
if [[ -n ${BASE_JAR:-} ]]; then
  base=(-n "base jar: --version" "java -jar $BASE_JAR --version"
        -n "base jar: use-cases list" "java -jar $BASE_JAR use-cases list"
        -n "base jar: report" "java -jar $BASE_JAR report")
fi
echo "== Start-up"
hyperfine -N -w 1 -r "$runs" --export-markdown "$work/startup.md" \
  -n "hello-world" "java -cp $work Hello" \
  -n "vfio-policy --version" "./vfio-policy --version" \
  -n "vfio-policy use-cases list" "./vfio-policy use-cases list" \
  -n "vfio-policy report" "./vfio-policy report" \
  "${base[@]}"
[[ -n ${STARTUP_ONLY:-} ]] && { cat "$work/startup.md"; exit 0; }
hyperfine -N -w 0 -r 3 --export-markdown "$work/fleet.md" \
  -n "report --hosts 10000000" "./vfio-policy report --hosts 10000000" \
  ${BASE_DIR:+-n "before: report --hosts 10000000" "$BASE_DIR/vfio-policy report --hosts 10000000"} \
  ${BASE_JAR:+-n "base report --hosts 10000000" "java -jar $BASE_JAR report --hosts 10000000"}

echo "== Files"
hyperfine -N -w 1 -r 3 --export-markdown "$work/files.md" \
  -n "Jackson token pass" "java -cp $jar:$work TokenPass $pop" \
  -n "report --population .jsonl" "./vfio-policy report --population $pop" \
  ${BASE_DIR:+-n "before: report --population .jsonl" "$BASE_DIR/vfio-policy report --population $pop"} \
  ${BASE_JAR:+-n "base report --population .jsonl" "java -jar $BASE_JAR report --population $pop"} \
  -n "report --population .csv" "./vfio-policy report --population $csv" \
  ${BASE_DIR:+-n "before: report --population .csv" "$BASE_DIR/vfio-policy report --population $csv"} \
  ${BASE_JAR:+-n "base report --population .csv" "java -jar $BASE_JAR report --population $csv"}
echo "== Peak RSS, no -Xmx given"
/usr/bin/time -f "report --population .jsonl: %e s, %M KB peak RSS" \
  ./vfio-policy report --population "$pop" >/dev/null
/usr/bin/time -f "report --population .csv: %e s, %M KB peak RSS" \
  ./vfio-policy report --population "$csv" >/dev/null
if [[ -n ${BASE_DIR:-} ]]; then
  /usr/bin/time -f "before: report --population .jsonl: %e s, %M KB peak RSS" \
    "$BASE_DIR/vfio-policy" report --population "$pop" >/dev/null
fi
if [[ -n ${BASE_JAR:-} ]]; then
  /usr/bin/time -f "base report --population .jsonl: %e s, %M KB peak RSS" \
    java -jar "$BASE_JAR" report --population "$pop" >/dev/null
fi
cat "$work/startup.md" "$work/fleet.md" "$work/files.md"
