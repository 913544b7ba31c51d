package dev.realtime.socketio.benchmarks.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every micro-benchmark here shares (JMH's annotations are inherited):
 * average time per operation, one fork, three warm-up and five measured iterations of one
 * second. A class sets its own {@code @State} and {@code @OutputTimeUnit}; arguments of
 * {@code benchmarks/jmh.sh} ({@code -f}, {@code -wi}, {@code -i}…) still override these.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class ShortRun {

}
