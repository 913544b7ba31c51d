#!/usr/bin/env bash
# Runs the JMH micro-benchmarks (never part of `mvn verify`). Each class measures our code beside a
# baseline in the same run; read the ratio of the two. Arguments go to JMH, for example:
#   benchmarks/jmh.sh                          all benchmarks, the defaults in the classes
#   benchmarks/jmh.sh SocketIoCodec -p packet=16k
#   benchmarks/jmh.sh Broadcast -prof gc       with allocation rates
# Set NO_BUILD=1 to reuse the last build. Results: benchmarks/results/jmh-<time>.json
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BUILD_DIR_NAME=${BUILD_DIR_NAME:-target-bench}
if [ "${NO_BUILD:-0}" != 1 ]; then
	(cd "$ROOT" && mvn -B -q -Dbuild.dir.name="$BUILD_DIR_NAME" -pl benchmarks -am install -DskipTests ${MAVEN_ARGS:-})
fi
mkdir -p "$HERE/results"
exec java -cp "$HERE/$BUILD_DIR_NAME/classes:$HERE/$BUILD_DIR_NAME/lib/*" org.openjdk.jmh.Main \
	-rf json -rff "$HERE/results/jmh-$(date +%Y%m%d-%H%M%S).json" "$@"
