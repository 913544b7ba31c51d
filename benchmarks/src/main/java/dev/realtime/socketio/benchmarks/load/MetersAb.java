package dev.realtime.socketio.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The in-JVM A/B of what the meters cost ({@code --meters-ab <url>}): one server with a
 * registry, whose meters the load generator switches off and on
 * ({@code POST <url>?on=true|false}, the bench server's {@code /__bench/meters}) between
 * measured windows of the same load on the same connections, so that the launch-to-launch
 * spread of a JVM (±25 % on the shared machine) drops out of the comparison.
 *
 * <p>
 * Windows go in pairs, on/off then off/on (ABBA), so that a drift of the machine weighs
 * on both states alike; each pair gives the ratio of server CPU per operation, meters on
 * over meters off. The summary is the median of those ratios (and the ratio of the
 * medians). During the warm-up the meters switch every second, so that the JIT has
 * compiled both states before the first window.
 */
final class MetersAb {

	private final URI url;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** An even number of measured windows, half of them with the meters on. */
	final int windows;

	/** Seconds between a switch and the window it starts. */
	final int settleSeconds;

	private final List<Double> on = new ArrayList<>();

	private final List<Double> off = new ArrayList<>();

	private final List<Double> pairRatios = new ArrayList<>();

	private double pending = Double.NaN;

	MetersAb(String url, int windows, int settleSeconds) {
		if (windows < 2 || windows % 2 != 0) {
			throw new IllegalArgumentException("--ab-windows is an even number of 2 or more, got " + windows);
		}
		if (settleSeconds < 0) {
			throw new IllegalArgumentException("--ab-settle is 0 or more seconds, got " + settleSeconds);
		}
		this.url = URI.create(url);
		this.windows = windows;
		this.settleSeconds = settleSeconds;
	}

	/** Whether window {@code index} (from 0) has the meters on: on, off, off, on, … */
	static boolean metersOn(int index) {
		return (index % 4 == 0) || (index % 4 == 3);
	}

	/** Switches the meters; fails the scenario if the server does not confirm. */
	void set(boolean metersOn) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url + "?on=" + metersOn))
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			String expected = "meters=" + (metersOn ? "on" : "off");
			if (response.statusCode() != 200 || !response.body().startsWith(expected)) {
				throw new IllegalStateException("the meters switch " + url + " answered " + response.statusCode() + " "
						+ response.body().strip() + ", expected " + expected);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("the meters switch " + url + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Warms up for that many seconds, switching the meters every second. */
	void warmUp(int seconds) throws InterruptedException {
		for (int second = 0; second < seconds; second++) {
			set(second % 2 == 0);
			Thread.sleep(1000);
		}
	}

	/** Records the server CPU per operation of window {@code index}. */
	void record(int index, double cpuPerOp) {
		(metersOn(index) ? on : off).add(cpuPerOp);
		if (index % 2 == 0) {
			pending = cpuPerOp;
		}
		else {
			double first = pending;
			// the pair's ratio on/off, whichever went first
			pairRatios.add(metersOn(index) ? cpuPerOp / first : first / cpuPerOp);
		}
	}

	/**
	 * {@code on_us} and {@code off_us} (medians), {@code ratio} (median of the pairs'
	 * on/off ratios), {@code ratio_of_medians}, {@code pair_ratios}, {@code on_windows},
	 * {@code off_windows}.
	 */
	Map<String, String> summary() {
		Map<String, String> fields = new LinkedHashMap<>();
		double onMedian = median(on);
		double offMedian = median(off);
		fields.put("on_us", Meter.format(onMedian));
		fields.put("off_us", Meter.format(offMedian));
		fields.put("ratio", String.format(Locale.ROOT, "%.3f", median(pairRatios)));
		fields.put("ratio_of_medians", String.format(Locale.ROOT, "%.3f", onMedian / offMedian));
		fields.put("pair_ratios", join(pairRatios, "%.3f"));
		fields.put("on_windows", join(on, "%.2f"));
		fields.put("off_windows", join(off, "%.2f"));
		return fields;
	}

	static double median(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static String join(List<Double> values, String format) {
		StringBuilder joined = new StringBuilder();
		for (double value : values) {
			if (!joined.isEmpty()) {
				joined.append('/');
			}
			joined.append(String.format(Locale.ROOT, format, value));
		}
		return joined.toString();
	}

}
