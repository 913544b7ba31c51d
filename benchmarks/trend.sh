#!/usr/bin/env bash
# One server launch under one load for many windows: how a server's CPU per operation moves from a cold
# JVM to its steady state (how long a warm-up must be). Uses the build and the netty-socketio reference
# that benchmarks/run.sh made (run it once first); the server on CPU 0, the load generator on CPU 1.
#
#   benchmarks/trend.sh <ours-webflux|ours-servlet|floor-webflux|floor-servlet|netty-socketio> [handshake|echo] [wait-close true|false]
#
# env: WARM (s before the first window, default 10), REPEAT (6 s windows, default 12), SERVER_ARGS
# (e.g. "--socketio.webflux.listeners-on-event-loop=true"), EXTRA_J (server JVM flags, e.g.
# "-Dreactor.netty.ioWorkerCount=1"), OUTDIR (default benchmarks/results/trend-<time>-<server>).
# Prints one line per window: server CPU µs per operation, the server's and the load generator's CPU %.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
name=$1; scenario=${2:-handshake}; wait=${3:-false}
BENCH_CP="$HERE/target-bench/classes:$HERE/target-bench/lib/*"
[ -d "$HERE/target-bench/classes" ] || { echo "no build: run benchmarks/run.sh once first" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
OUT=${OUTDIR:-$HERE/results/trend-$(date +%Y%m%d-%H%M%S)-$name}; mkdir -p "$OUT"
J="${EXTRA_J:-} -Xms64m -Xmx2g -XX:+UseSerialGC"
case $name in
	ours-webflux|ours-servlet)
		stack=""; [ "$name" = ours-webflux ] && stack="--spring.main.web-application-type=reactive"
		# shellcheck disable=SC2086
		taskset -c 0 java $J -cp "$BENCH_CP" dev.realtime.socketio.benchmarks.server.BenchServerApplication \
			--server.port="$port" --server.tomcat.max-connections=30000 --bench.handlers="${HANDLERS:-lambda}" \
			$stack ${SERVER_ARGS:-} > "$OUT/server.log" 2>&1 & ;;
	floor-webflux|floor-servlet)
		stack=""; [ "$name" = floor-webflux ] && stack="--spring.main.web-application-type=reactive"
		# shellcheck disable=SC2086
		taskset -c 0 java $J -cp "$BENCH_CP" dev.realtime.socketio.benchmarks.floor.FloorServerApplication \
			--server.port="$port" --server.tomcat.max-connections=30000 $stack > "$OUT/server.log" 2>&1 & ;;
	netty-socketio)
		build=$HERE/work/netty-socketio-build
		# shellcheck disable=SC2086
		taskset -c 0 java $J -cp "$build/classes:$(cat "$build/classpath.txt")" \
			dev.realtime.socketio.benchmarks.reference.NettySocketIoServer "$port" 25000 20000 > "$OUT/server.log" 2>&1 & ;;
	*) echo "unknown server $name" >&2; exit 1 ;;
esac
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
ready="http://127.0.0.1:$port/socket.io/?EIO=4&transport=polling"
case $name in floor-*) ready="http://127.0.0.1:$port/ready"; protocol=raw ;; *) protocol=socketio ;; esac
for _ in $(seq 1 600); do
	[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$ready")" = 200 ] && break
	sleep 0.1
done
case $scenario in
	handshake) largs="--clients 32 --wait-close $wait" ;;
	echo) largs="--clients 50" ;;
	*) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
# shellcheck disable=SC2086
taskset -c 1 java -Xms256m -Xmx1g -XX:+UseSerialGC -cp "$BENCH_CP" dev.realtime.socketio.benchmarks.load.LoadGenerator \
	--scenario "$scenario" --port "$port" --protocol $protocol --server-pid $PID --server-name "$name" --server-kind jvm \
	--out "$OUT/results.tsv" --warmup "${WARM:-10}" --duration 6 --repeat "${REPEAT:-12}" $largs > "$OUT/loadgen.log" 2>&1
awk -F'\t' '{ n = split($4, a, ";"); line = "";
	for (i = 1; i <= n; i++) if (a[i] ~ /^(cpu_us_per_op|server_cpu_pct|client_cpu_pct)=/) line = line a[i] " ";
	print "window " $3 ": " line }' "$OUT/results.tsv"
