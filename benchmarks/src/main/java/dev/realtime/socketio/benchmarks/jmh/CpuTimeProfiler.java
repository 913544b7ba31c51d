package dev.realtime.socketio.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The benchmark JVM's CPU time per operation ({@code ·cpu.time.norm}, µs/op): every
 * thread of the fork (the benchmark's, the garbage collector's, the JIT's, the server's
 * timers) over each measurement iteration, divided by the operations measured. Unlike the
 * wall-clock score it does not count the time the fork waited for a core, so on a shared
 * machine it compares two variants far more steadily:
 * {@code -prof dev.realtime.socketio.benchmarks.jmh.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

	private long started;

	@Override
	public String getDescription() {
		return "CPU time of the benchmark JVM per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		started = processCpuNanos();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long cpu = processCpuNanos() - started;
		long ops = result.getMetadata().getMeasuredOps();
		double perOp = (ops > 0) ? cpu / 1000.0 / ops : Double.NaN;
		return List.of(new ScalarResult("cpu.time.norm", perOp, "us/op", AggregationPolicy.AVG));
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
