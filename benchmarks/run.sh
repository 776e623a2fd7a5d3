#!/usr/bin/env bash
# Builds the tool, then the JMH benchmarks, and runs them. Arguments go to JMH, e.g.
#   benchmarks/run.sh FleetBench.generate -f 1
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -f benchmarks/pom.xml package
java -jar benchmarks/target/benchmarks.jar "$@"
