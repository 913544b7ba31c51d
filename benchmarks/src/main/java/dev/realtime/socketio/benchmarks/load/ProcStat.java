package dev.realtime.socketio.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, from {@code /proc/<pid>/stat} (user + system
 * time of all its threads, in clock ticks) and {@code /proc/<pid>/status}
 * ({@code VmRSS}).
 */
final class ProcStat {

	/** {@code getconf CLK_TCK}: 100 on every Linux this runs on. */
	static final double TICKS_PER_SECOND = 100.0;

	private ProcStat() {
	}

	/** User + system CPU time of the process so far, in clock ticks. */
	static long cpuTicks(String pid) {
		String stat = read(Path.of("/proc", pid, "stat"));
		return cpuTicksOf(stat);
	}

	/**
	 * utime + stime (fields 14 and 15) of a {@code stat} line; the command name may hold
	 * spaces.
	 */
	static long cpuTicksOf(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		// fields[0] is field 3 (state): utime is field 14, stime field 15
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** Resident set size in KiB. */
	static long rssKib(String pid) {
		for (String line : read(Path.of("/proc", pid, "status")).split("\n")) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
			}
		}
		throw new IllegalStateException("no VmRSS for " + pid);
	}

	/** The one-minute load average of the machine, from {@code /proc/loadavg}. */
	static String loadAverage() {
		return read(Path.of("/proc/loadavg")).split(" ")[0];
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
