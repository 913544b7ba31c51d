#!/usr/bin/env bash
# Compares our Socket.IO server (WebFlux and servlet stacks, with lambda listeners and with
# @SocketEvent beans) with Node's socket.io 4.8, netty-socketio 2.0.14 and the floor of each stack (a
# bare Spring WebSocketHandler echo server on Tomcat and on Reactor Netty) on this machine: each server
# in turn on 127.0.0.1, pinned to CPU 0, the load generator pinned to CPU 1. Prints a table of server
# CPU per operation and throughput, with ratios against Node and against the floor, and keeps every
# measured window in benchmarks/results/<time>/results.tsv.
#
# Servers: ours-webflux, ours-servlet (lambda listeners), ours-webflux-annotated,
# ours-servlet-annotated (the same handlers as @SocketEvent methods), ours-webflux-eventloop and
# ours-webflux-annotated-eventloop (the same with socketio.webflux.listeners-on-event-loop=true, the opt-in
# for listeners that never block, and one Reactor Netty event loop per core of the server, as the README
# says to deploy it; echo and handshakes only), ours-webflux-metrics and
# ours-servlet-metrics (not run by default: the lambda servers with a Micrometer SimpleMeterRegistry, to
# measure what the meters cost; needs bench.metrics in BenchServerApplication), floor-webflux, floor-servlet
# (no Socket.IO: echo, handshake and connections only), node, netty-socketio. Scenarios: echo,
# echo-deflate (the client offers permessage-deflate; our servers run with the default
# socketio.per-message-deflate=false, OURS_ARGS="--socketio.per-message-deflate=true" to accept it),
# broadcast, handshake (the client waits for the server's close), handshake-nowait (it does not),
# connections, broadcast-cluster (ours-webflux, ours-servlet and node only: two servers of the same kind
# on one redis-server, ours with socketio.adapter.type=redis, Node with @socket.io/redis-adapter;
# receivers split across both, one sender; server CPU per delivery summed over both processes, and the
# Redis commands per broadcast from INFO commandstats; needs redis-server). OURS_ARGS="--bench.metrics=simple"
# (or prometheus) runs our servers with a Micrometer registry, all the starter's meters on (their
# overhead against a run without).
#
#   benchmarks/run.sh            full comparison (3 windows per scenario, under 15 minutes)
#   benchmarks/run.sh --quick    one short window per scenario (under about 4 minutes)
#   benchmarks/run.sh --profile  JFR of our two stacks under each load (top frames, allocations), and
#                                the live objects of 5000 idle connections (class histogram)
#   benchmarks/run.sh --meters-ab  what the meters cost, in one JVM per stack: ours-webflux-metrics and
#                                ours-servlet-metrics under echo and broadcast, the meters switched off
#                                and on between windows (12 windows of 4 s each per scenario, ABBA); the
#                                median ratio of server CPU per operation on/off (about 3 minutes per stack)
#
# Other options: --servers "…" and --scenarios "…" (subsets of the lists above), --no-build (reuse the last build),
# --baseline <commit> (also builds that commit of our server and adds the servers base-webflux and base-servlet:
# the same load generator against the older build, for a regression check in one run). Needs: JDK 17+ (java, jcmd), Maven, Node 18+ with npm, taskset,
# curl. Maven and npm fetch what is missing on the first run (Maven Central, the npm registry).
# the whole script is one block: bash parses it before running, so editing the file mid-run is harmless
{
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BUILD_DIR_NAME=${BUILD_DIR_NAME:-target-bench}
WORK=$HERE/work
MODE=full
BUILD=1
BASELINE=""
SERVERS="ours-webflux ours-webflux-annotated ours-webflux-eventloop ours-webflux-annotated-eventloop floor-webflux ours-servlet ours-servlet-annotated floor-servlet node netty-socketio"
SCENARIOS="echo echo-deflate broadcast handshake handshake-nowait connections broadcast-cluster"
while [ $# -gt 0 ]; do
	case "$1" in
		--quick) MODE=quick ;;
		--profile) MODE=profile ;;
		--meters-ab) MODE=meters-ab ;;
		--no-build) BUILD=0 ;;
		--servers) SERVERS=$2; SERVERS_GIVEN=1; shift ;;
		--scenarios) SCENARIOS=$2; SCENARIOS_GIVEN=1; shift ;;
		--baseline) BASELINE=$2; shift ;;
		*) echo "unknown option $1" >&2; exit 1 ;;
	esac
	shift
done
if [ "$MODE" = meters-ab ]; then
	# the servers with a registry, and the two loads of issue 11's figure, unless chosen otherwise
	[ -n "${SERVERS_GIVEN:-}" ] || SERVERS="ours-webflux-metrics ours-servlet-metrics"
	[ -n "${SCENARIOS_GIVEN:-}" ] || SCENARIOS="echo broadcast"
fi

# Every load runs for a bounded time; the heartbeat settings are the same for every server.
PING_INTERVAL_MS=10000
PING_TIMEOUT_MS=20000
# JVM servers need their JIT warm: on one shared core C2 takes seconds, so echo (the first load a
# server sees) warms up longest; every server gets the same warm-up.
if [ "$MODE" = quick ]; then
	# eight servers: short windows (the figures are indicative only), the annotated servers skip
	# echo-deflate and connections (see scenarios_for)
	ECHO_WARMUP=5; WARMUP=2; DURATION=3; REPEAT=1; CONNECTIONS=1000; HOLD=3; SETTLE_MAX=15
elif [ "$MODE" = profile ]; then
	ECHO_WARMUP=15; WARMUP=8; DURATION=10; REPEAT=1; CONNECTIONS=0; HOLD=0
elif [ "$MODE" = meters-ab ]; then
	# AB_WINDOWS windows of DURATION s per scenario, each AB_SETTLE s after its switch; the
	# warm-up switches the meters every second
	ECHO_WARMUP=15; WARMUP=6; DURATION=${AB_DURATION:-4}; REPEAT=1; CONNECTIONS=0; HOLD=0
	AB_WINDOWS=${AB_WINDOWS:-12}; AB_SETTLE=${AB_SETTLE:-1}
else
	# echo: C2 was seen compiling ~20 s into the load on a busy machine, so 25 s
	ECHO_WARMUP=25; WARMUP=6; DURATION=6; REPEAT=3; CONNECTIONS=19000; HOLD=25
fi
# the handshake path is warm only after tens of thousands of connects: it runs Spring's request
# dispatch, the upgrade and the close for every connect, and on one shared core C2 lags behind.
# After 20 s of handshakes C2 still took 24 % of ours-webflux's core (netty-socketio: 0.7 %) and
# the windows were falling (391, 323, 309 µs); after 60 s it took 0.3 %. Every server gets the
# same warm-up (HANDSHAKE_WARMUP overrides it).
if [ "$MODE" = full ]; then
	HANDSHAKE_WARMUP=${HANDSHAKE_WARMUP:-45}
else
	HANDSHAKE_WARMUP=${HANDSHAKE_WARMUP:-$ECHO_WARMUP}
fi
# two servers share the server's core in broadcast-cluster, so each JIT gets half of it: the
# windows after a 6 s warm-up were still falling (14.8, 10.6, 8.5 µs, then 3.3-3.9 in a second
# launch of the same build); every server gets the same warm-up, Node's windows were flat
CLUSTER_WARMUP=$((ECHO_WARMUP))
SETTLE_MAX=${SETTLE_MAX:-45}
ECHO_CLIENTS=50
HANDSHAKE_CLIENTS=32
RECEIVERS=1000
BROADCAST_WINDOW=16
# the servers' JVM settings: the same for ours and netty-socketio
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms64m -Xmx2g -XX:+UseSerialGC}
LOADGEN_JVM_OPTS="-Xms256m -Xmx1g -XX:+UseSerialGC"

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$HERE/results/$STAMP-$MODE
mkdir -p "$OUT" "$WORK"
RESULTS=$OUT/results.tsv
: > "$RESULTS"

log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }

machine() {
	{
		echo "date: $(date -Is)"
		echo "nproc: $(nproc)"
		echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
		echo "memory: $(grep MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}')"
		echo "kernel: $(uname -r)"
		echo "jdk: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
		echo "node: $(node --version)"
		echo "open files limit: $(ulimit -n)"
	} > "$OUT/machine.txt"
}

# ------------------------------------------------------------------ build
START=$(date +%s)
machine
log "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$BUILD" = 1 ]; then
	log "building the benchmarks module (and what it depends on)"
	(cd "$ROOT" && mvn -B -q -Dbuild.dir.name="$BUILD_DIR_NAME" -pl benchmarks -am install -DskipTests ${MAVEN_ARGS:-})
	case " $SERVERS " in *" netty-socketio "*)
		log "building the netty-socketio reference server"
		mvn -B -q -f "$HERE/reference/netty-socketio/pom.xml" -Dbuild.dir.name=../../work/netty-socketio-build package ${MAVEN_ARGS:-}
	esac
fi
case " $SERVERS " in *" node "*)
	mkdir -p "$WORK/node"
	cp "$HERE/reference/node/package.json" "$HERE/reference/node/server.js" "$WORK/node/"
	if [ ! -d "$WORK/node/node_modules/socket.io" ] || [ ! -d "$WORK/node/node_modules/@socket.io/redis-adapter" ]; then
		log "installing socket.io from npm into $WORK/node"
		(cd "$WORK/node" && npm install --no-audit --no-fund --no-package-lock --silent)
	fi
esac
BENCH_CP="$HERE/$BUILD_DIR_NAME/classes:$HERE/$BUILD_DIR_NAME/lib/*"
BASE_CP=""
if [ -n "$BASELINE" ]; then
	# the baseline's sources, exported (not checked out) so the working tree stays as it is
	BASE_SHA=$(git -C "$ROOT" rev-parse --short "$BASELINE^{commit}")
	BASE_DIR=$WORK/baseline-$BASE_SHA
	if [ ! -d "$BASE_DIR/benchmarks/$BUILD_DIR_NAME/classes" ]; then
		log "building the baseline $BASELINE ($BASE_SHA) in $BASE_DIR"
		rm -rf "$BASE_DIR" && mkdir -p "$BASE_DIR"
		git -C "$ROOT" archive "$BASE_SHA" | tar -x -C "$BASE_DIR"
		# package, not install: the baseline must not replace this build's artifacts in ~/.m2
		(cd "$BASE_DIR" && mvn -B -q -Dbuild.dir.name="$BUILD_DIR_NAME" -pl benchmarks -am package -DskipTests \
			-Dspring-javaformat.skip=true ${MAVEN_ARGS:-})
	fi
	BASE_CP="$BASE_DIR/benchmarks/$BUILD_DIR_NAME/classes:$BASE_DIR/benchmarks/$BUILD_DIR_NAME/lib/*"
	case " $SERVERS " in *" base-"*) ;; *) SERVERS="$SERVERS base-webflux base-servlet" ;; esac
fi

# ------------------------------------------------------------------ servers
SERVER_PID=""
stop_server() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	SERVER_PID=""
}
REDIS_PID=""
CLUSTER_PIDS=""
stop_cluster() {
	local pid
	for pid in $CLUSTER_PIDS; do
		SERVER_PID=$pid
		stop_server
	done
	CLUSTER_PIDS=""
	if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
		kill "$REDIS_PID" 2>/dev/null || true
		wait "$REDIS_PID" 2>/dev/null || true
	fi
	REDIS_PID=""
}
trap 'stop_server; stop_cluster' EXIT

# waits (at most SETTLE_MAX s) until the server is idle again: below 20 % CPU over one second
settle() {
	local name=$1 start now before after
	start=$(date +%s)
	while :; do
		before=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0)
		sleep 1
		after=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0)
		now=$(date +%s)
		if [ $((after - before)) -lt 20 ] || [ $((now - start)) -ge "$SETTLE_MAX" ]; then
			break
		fi
	done
	if [ $((now - start)) -gt 2 ]; then
		log "$name: busy for $((now - start)) s after the previous load (server CPU $((after - before)) % in the last second)"
	fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# CLUSTER_REDIS_PORT (set by run_cluster): the server joins a cluster on that redis-server
start_server() {
	local name=$1 port=$2
	local logfile=$OUT/$name${LOG_SUFFIX:-}.log
	local cluster_args=""
	[ -n "${CLUSTER_REDIS_PORT:-}" ] && cluster_args="--socketio.adapter.type=redis --spring.data.redis.host=127.0.0.1 --spring.data.redis.port=$CLUSTER_REDIS_PORT"
	case "$name" in
		ours-servlet|ours-webflux|ours-servlet-annotated|ours-webflux-annotated|ours-servlet-metrics|ours-webflux-metrics|ours-webflux-eventloop|ours-webflux-annotated-eventloop)
			local stack="" handlers=lambda metrics="" loops=""
			case "$name" in ours-webflux*) stack="--spring.main.web-application-type=reactive" ;; esac
			case "$name" in *-annotated*) handlers=annotated ;; esac
			# the opt-in for listeners that never block: they run on the event loop, deployed as the
			# README says, one Reactor Netty event loop per core of the server (it has one here)
			case "$name" in *-eventloop)
				stack="$stack --socketio.webflux.listeners-on-event-loop=true"
				loops="-Dreactor.netty.ioWorkerCount=$(taskset -c 0 nproc)" ;;
			esac
			# the same server with a Micrometer registry present: what our meters cost
			case "$name" in *-metrics) metrics="--bench.metrics=simple" ;; esac
			# shellcheck disable=SC2086
			taskset -c 0 java $SERVER_JVM_OPTS $loops -cp "$BENCH_CP" \
				dev.realtime.socketio.benchmarks.server.BenchServerApplication \
				--server.port="$port" --server.tomcat.max-connections=30000 \
				--socketio.ping-interval="${PING_INTERVAL_MS}ms" --socketio.ping-timeout="${PING_TIMEOUT_MS}ms" \
				--bench.handlers=$handlers $metrics $stack $cluster_args ${OURS_ARGS:-} > "$logfile" 2>&1 &
			;;
		base-servlet|base-webflux)
			[ -n "$BASE_CP" ] || { echo "$name needs --baseline <commit>" >&2; return 1; }
			local stack=""
			[ "$name" = base-webflux ] && stack="--spring.main.web-application-type=reactive"
			# shellcheck disable=SC2086
			taskset -c 0 java $SERVER_JVM_OPTS -cp "$BASE_CP" \
				dev.realtime.socketio.benchmarks.server.BenchServerApplication \
				--server.port="$port" --server.tomcat.max-connections=30000 \
				--socketio.ping-interval="${PING_INTERVAL_MS}ms" --socketio.ping-timeout="${PING_TIMEOUT_MS}ms" \
				$stack ${OURS_ARGS:-} > "$logfile" 2>&1 &
			;;
		floor-servlet|floor-webflux)
			local stack=""
			[ "$name" = floor-webflux ] && stack="--spring.main.web-application-type=reactive"
			taskset -c 0 java $SERVER_JVM_OPTS -cp "$BENCH_CP" \
				dev.realtime.socketio.benchmarks.floor.FloorServerApplication \
				--server.port="$port" --server.tomcat.max-connections=30000 $stack > "$logfile" 2>&1 &
			;;
		node)
			local redis_url=""
			[ -n "${CLUSTER_REDIS_PORT:-}" ] && redis_url="redis://127.0.0.1:$CLUSTER_REDIS_PORT"
			REDIS_URL=$redis_url taskset -c 0 node --expose-gc "$WORK/node/server.js" "$port" "$PING_INTERVAL_MS" \
				"$PING_TIMEOUT_MS" > "$logfile" 2>&1 &
			;;
		netty-socketio)
			local build=$WORK/netty-socketio-build
			taskset -c 0 java $SERVER_JVM_OPTS -cp "$build/classes:$(cat "$build/classpath.txt")" \
				dev.realtime.socketio.benchmarks.reference.NettySocketIoServer "$port" "$PING_INTERVAL_MS" \
				"$PING_TIMEOUT_MS" > "$logfile" 2>&1 &
			;;
		*) echo "unknown server $name" >&2; return 1 ;;
	esac
	SERVER_PID=$!
	local ready="http://127.0.0.1:$port/socket.io/?EIO=4&transport=polling"
	case "$name" in floor-*) ready="http://127.0.0.1:$port/ready" ;; esac
	for _ in $(seq 1 600); do
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			log "$name exited during start-up, see $logfile"; return 1
		fi
		if [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$ready")" = 200 ]; then
			return 0
		fi
		sleep 0.1
	done
	log "$name did not answer within 60 s"; return 1
}

loadgen() {
	# loadgen <server> <port> <scenario> <timeout s> [--option value]…
	local name=$1 port=$2 scenario=$3 limit=$4
	shift 4
	local kind=jvm protocol=socketio
	[ "$name" = node ] && kind=node
	case "$name" in floor-*) protocol=raw ;; esac
	timeout "$limit" taskset -c 1 java $LOADGEN_JVM_OPTS -cp "$BENCH_CP" \
		dev.realtime.socketio.benchmarks.load.LoadGenerator --scenario "$scenario" --port "$port" --protocol "$protocol" \
		--server-pid "$SERVER_PID" --server-name "$name" --server-kind "$kind" \
		--heap-url "http://127.0.0.1:$port/__bench/heap" --out "$RESULTS" "$@" \
		>> "$OUT/loadgen.log" 2>&1 || {
			log "$name $scenario failed (status $?), see $OUT/loadgen.log"
			local label=$scenario
			case " $* " in *" --label "*) label=$(echo " $* " | sed 's/.* --label \([^ ]*\).*/\1/') ;; esac
			grep -q "^$name	$label	" "$RESULTS" || printf '%s\t%s\t0\terror=no result (timeout or crash)\n' "$name" "$label" >> "$RESULTS"
		}
}

# JFR of one scenario after its warm-up: the JDK's "profile" settings with a CPU sample every ms
profile_scenario() {
	local name=$1 port=$2 scenario=$3 warmup=$4
	shift 4
	jcmd "$SERVER_PID" JFR.start name="$scenario" settings="$WORK/profile-1ms.jfc" delay="${warmup}s" \
		filename="$OUT/$name-$scenario.jfr" > /dev/null
	loadgen "$name" "$port" "$scenario" $((warmup + DURATION + 90)) --warmup "$warmup" --duration "$DURATION" --repeat 1 "$@"
	jcmd "$SERVER_PID" JFR.stop name="$scenario" > /dev/null || true
	java -cp "$BENCH_CP" dev.realtime.socketio.benchmarks.load.JfrSummary "$OUT/$name-$scenario.jfr" 30 \
		> "$OUT/$name-$scenario-profile.txt" || true
	log "$name: $scenario profile in $OUT/$name-$scenario-profile.txt"
}

profile() {
	local name=$1 port=$2
	case "$name" in ours-*|floor-*|base-*) ;; *) return 0 ;; esac
	sed 's|<setting name="period" control="method-sampling-java-interval">[^<]*<|<setting name="period" control="method-sampling-java-interval">1 ms<|' \
		"$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$WORK/profile-1ms.jfc"
	profile_scenario "$name" "$port" echo "$ECHO_WARMUP" --clients "$ECHO_CLIENTS"
	case "$name" in floor-*) ;; *)
	profile_scenario "$name" "$port" broadcast "$WARMUP" --receivers "$RECEIVERS" --window "$BROADCAST_WINDOW"
	esac
	profile_scenario "$name" "$port" handshake "$WARMUP" --clients "$HANDSHAKE_CLIENTS"
	# what an idle connection is made of: live objects by class with 5000 connections held
	loadgen "$name" "$port" connections 300 --connections 5000 --hold 5 --histogram "$OUT/$name-connections-histogram.txt"
	log "$name: class histogram with 5000 idle connections in $OUT/$name-connections-histogram.txt"
}

# --meters-ab: echo and broadcast on one server with meters, switched off and on between windows
meters_ab() {
	local name=$1 port=$2 scenario
	case "$name" in *-metrics) ;; *) log "$name: --meters-ab needs a server with meters (ours-*-metrics)"; return 0 ;; esac
	local ab="--meters-ab http://127.0.0.1:$port/__bench/meters --ab-windows $AB_WINDOWS --ab-settle $AB_SETTLE"
	local windows=$((AB_WINDOWS * (DURATION + AB_SETTLE)))
	log "$name: meters $(curl -s -m 5 "http://127.0.0.1:$port/__bench/meters")"
	for scenario in $SCENARIOS; do
		settle "$name"
		case "$scenario" in
			echo)
				log "$name: echo, meters on/off"
				# shellcheck disable=SC2086
				loadgen "$name" "$port" echo $((ECHO_WARMUP + windows + 60)) --clients "$ECHO_CLIENTS" \
					--warmup "$ECHO_WARMUP" --duration "$DURATION" $ab ;;
			broadcast)
				log "$name: broadcast, meters on/off"
				# shellcheck disable=SC2086
				loadgen "$name" "$port" broadcast $((WARMUP + windows + 90)) --receivers "$RECEIVERS" \
					--window "$BROADCAST_WINDOW" --warmup "$WARMUP" --duration "$DURATION" $ab ;;
			*) log "--meters-ab: scenario $scenario skipped (echo and broadcast only)" ;;
		esac
	done
}

# the per-scenario summaries of --meters-ab
meters_ab_report() {
	echo "| server | scenario | CPU µs/op meters on | off | on/off (median of pairs) | ratio of medians | pair ratios |"
	echo "|---|---|---|---|---|---|---|"
	awk -F'\t' '$2 ~ /-meters-ab$/ {
		n = split($4, kv, ";"); delete f
		for (i = 1; i <= n; i++) { eq = index(kv[i], "="); f[substr(kv[i], 1, eq - 1)] = substr(kv[i], eq + 1) }
		sub(/-meters-ab$/, "", $2)
		printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, f["on_us"], f["off_us"], f["ratio"], f["ratio_of_medians"], f["pair_ratios"]
	}' "$RESULTS"
}

# the scenarios of SCENARIOS that a server runs: the floor servers only echo and hold connections
scenarios_for() {
	local name=$1 scenario
	for scenario in $SCENARIOS; do
		case "$name:$scenario" in
			floor-*:echo-deflate|floor-*:broadcast|netty-socketio:echo-deflate) continue ;;
			# the event-loop opt-in changes where listeners run: echo and the handshakes
			*-eventloop:echo-deflate|*-eventloop:broadcast|*-eventloop:connections) continue ;;
			# two servers at once: see run_cluster
			*:broadcast-cluster) continue ;;
		esac
		if [ "$MODE" = quick ]; then
			case "$name:$scenario" in *-annotated:echo-deflate|*-annotated:connections) continue ;; esac
		fi
		echo "$scenario"
	done
}

run_server() {
	local name=$1 port
	port=$(free_port)
	log "$name: starting on 127.0.0.1:$port (CPU 0)"
	start_server "$name" "$port" || { stop_server; return 0; }
	log "$name: pid $SERVER_PID, rss $(grep VmRSS /proc/$SERVER_PID/status | awk '{print $2" "$3}')"
	local window=$((WARMUP + DURATION * REPEAT))
	local echo_window=$((ECHO_WARMUP + DURATION * REPEAT))
	if [ "$MODE" = profile ]; then
		profile "$name" "$port"
		stop_server
		return 0
	fi
	if [ "$MODE" = meters-ab ]; then
		meters_ab "$name" "$port"
		stop_server
		return 0
	fi
	for scenario in $(scenarios_for "$name"); do
		settle "$name"
		case "$scenario" in
			echo)
				log "$name: echo"
				loadgen "$name" "$port" echo $((echo_window + 60)) --clients "$ECHO_CLIENTS" --warmup "$ECHO_WARMUP" --duration "$DURATION" --repeat "$REPEAT" ;;
			echo-deflate)
				log "$name: echo, the client offers permessage-deflate"
				loadgen "$name" "$port" echo $((window + 60)) --label echo-deflate --deflate true --clients "$ECHO_CLIENTS" --warmup "$WARMUP" --duration "$DURATION" --repeat "$REPEAT" ;;
			broadcast)
				log "$name: broadcast"
				loadgen "$name" "$port" broadcast $((window + 90)) --receivers "$RECEIVERS" --window "$BROADCAST_WINDOW" --warmup "$WARMUP" --duration "$DURATION" --repeat "$REPEAT" ;;
			handshake)
				log "$name: handshake"
				loadgen "$name" "$port" handshake $((window + HANDSHAKE_WARMUP + 60)) --clients "$HANDSHAKE_CLIENTS" --warmup "$HANDSHAKE_WARMUP" --duration "$DURATION" --repeat "$REPEAT" ;;
			handshake-nowait)
				# the same long warm-up as handshake, although it runs right after it: the client's
				# dropped connections take paths the waiting loop never took, and with 6 s the
				# windows were still moving (Round 8: 155, 215, 245 µs on one server), while in a fresh
				# JVM they settle after about 45 s of this load
				log "$name: handshake, the client does not wait for the server's close"
				loadgen "$name" "$port" handshake $((window + HANDSHAKE_WARMUP + 60)) --label handshake-nowait --wait-close false --clients "$HANDSHAKE_CLIENTS" --warmup "$HANDSHAKE_WARMUP" --duration "$DURATION" --repeat "$REPEAT" ;;
			connections)
				log "$name: connections ($CONNECTIONS)"
				loadgen "$name" "$port" connections $((HOLD + 300)) --connections "$CONNECTIONS" --hold "$HOLD" ;;
			*) log "unknown scenario $scenario" ;;
		esac
	done
	stop_server
}

# broadcast-cluster: two servers of one kind (CPU 0) on one redis-server (its own CPU when there is
# one, else the load generator's), receivers split across them, the sender on the first
run_cluster() {
	local name=$1 redis_port port1 port2 pid1 pid2 redis_cpu=1
	case "$name" in ours-webflux|ours-servlet|node) ;; *) return 0 ;; esac
	[ "$(nproc)" -gt 2 ] && redis_cpu=2
	redis_port=$(free_port)
	log "$name: broadcast-cluster, redis-server on 127.0.0.1:$redis_port (CPU $redis_cpu)"
	taskset -c "$redis_cpu" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
		--protected-mode no > "$OUT/redis-$name.log" 2>&1 &
	REDIS_PID=$!
	for _ in $(seq 1 100); do
		[ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && break
		sleep 0.1
	done
	port1=$(free_port)
	CLUSTER_REDIS_PORT=$redis_port LOG_SUFFIX=-cluster-1 start_server "$name" "$port1" || { stop_server; stop_cluster; return 0; }
	pid1=$SERVER_PID
	CLUSTER_PIDS=$pid1
	port2=$(free_port)
	CLUSTER_REDIS_PORT=$redis_port LOG_SUFFIX=-cluster-2 start_server "$name" "$port2" || { stop_server; stop_cluster; return 0; }
	pid2=$SERVER_PID
	CLUSTER_PIDS="$pid1 $pid2"
	SERVER_PID=""
	log "$name: cluster pids $pid1 (port $port1), $pid2 (port $port2)"
	local window=$((CLUSTER_WARMUP + DURATION * REPEAT))
	SERVER_PID=$pid1 loadgen "$name" "$port1" broadcast $((window + 90)) --label broadcast-cluster \
		--server-pid "$pid1,$pid2" --port2 "$port2" --redis-port "$redis_port" --receivers "$RECEIVERS" \
		--window "$BROADCAST_WINDOW" --warmup "$CLUSTER_WARMUP" --duration "$DURATION" --repeat "$REPEAT"
	SERVER_PID=""
	stop_cluster
}

for server in $SERVERS; do
	run_server "$server"
done
case " $SCENARIOS " in *" broadcast-cluster "*)
	if [ "$MODE" = profile ] || [ "$MODE" = meters-ab ]; then
		log "broadcast-cluster: not in --$MODE"
	elif ! command -v redis-server > /dev/null || ! command -v redis-cli > /dev/null; then
		log "broadcast-cluster skipped: redis-server is not installed (apt-get install redis-server)"
	else
		for server in $SERVERS; do
			run_cluster "$server"
		done
	fi
esac

log "loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)"
log "took $(( $(date +%s) - START )) s"
if [ "$MODE" = meters-ab ]; then
	{
		echo "## meters-ab run $STAMP"
		echo
		sed 's/^/    /' "$OUT/machine.txt"
		echo "    loadavg: $(grep -o 'loadavg at start.*' "$OUT/run.log" | cut -d: -f2-) at start,$(grep -o 'loadavg at end.*' "$OUT/run.log" | cut -d: -f2-) at end"
		echo "    $AB_WINDOWS windows of $DURATION s per scenario, meters on, off, off, on, …; per window in results.tsv"
		echo
		meters_ab_report
	} | tee "$OUT/report.md"
elif [ "$MODE" != profile ]; then
	{
		echo "## $MODE run $STAMP"
		echo
		sed 's/^/    /' "$OUT/machine.txt"
		echo "    loadavg: $(grep -o 'loadavg at start.*' "$OUT/run.log" | cut -d: -f2-) at start,$(grep -o 'loadavg at end.*' "$OUT/run.log" | cut -d: -f2-) at end"
		java -cp "$BENCH_CP" dev.realtime.socketio.benchmarks.load.Report "$RESULTS"
	} | tee "$OUT/report.md"
fi
echo "results: $OUT"
exit
}
