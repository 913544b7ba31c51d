package dev.realtime.socketio.benchmarks.load;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProcParsingTests {

	@Test
	void cpuTicksAreUserPlusSystemTimeEvenWhenTheCommandHasSpaces() {
		String stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 12 0 100 0 0";

		assertThat(ProcStat.cpuTicksOf(stat)).isEqualTo(1234 + 567);
	}

	@Test
	void cpuTicksOfThisProcessGrowWithWork() {
		long before = ProcStat.cpuTicks("self");
		long deadline = System.nanoTime() + 100_000_000L;
		long sum = 0;
		while (System.nanoTime() < deadline) {
			sum += Long.numberOfTrailingZeros(System.nanoTime());
		}

		assertThat(sum).isPositive();
		assertThat(ProcStat.cpuTicks("self")).isGreaterThan(before);
	}

	@Test
	void liveHeapIsTheClassHistogramsTotal() {
		String histogram = """
				1234:
				 num     #instances         #bytes  class name (module)
				-------------------------------------------------------
				   1:         58222        7737656  [B (java.base@17.0.15)
				   2:         82317        1975608  java.lang.String (java.base@17.0.15)
				Total        434363       23564064
				""";

		assertThat(HeapProbe.histogramTotalOf(histogram)).isEqualTo(23564064L);
		assertThatIllegalStateException().isThrownBy(() -> HeapProbe.histogramTotalOf("1234:\nno such process"));
	}

	@Test
	void reportTakesTheMedianOfTheWindows() {
		assertThat(Report.median(Map.of("x", List.of("3", "1", "2")), "x")).isEqualTo(2.0);
		assertThat(Report.median(Map.of("x", List.of("4", "1", "2", "3")), "x")).isEqualTo(2.5);
		assertThat(Report.median(Map.of("x", List.of("NaN-ish")), "x")).isNaN();
	}

	@Test
	void reportPutsRatiosAgainstNode() {
		Report report = new Report(List.of("node\techo\t1\tops_per_s=100;cpu_us_per_op=20;ops=1",
				"ours-webflux\techo\t1\tops_per_s=200;cpu_us_per_op=8;ops=1"));

		String rendered = report.render();

		assertThat(rendered).contains("| ours-webflux | 200 | 2.00 | 8 | 0.40 |");
		assertThat(rendered).contains("| echo: WebFlux CPU/ack ≤ 0.5 × Node | 8.00 µs vs 20.00 µs = 0.40 × | met |");
	}

	@Test
	void reportPutsOurServersAgainstTheFloorOfTheirStack() {
		Report report = new Report(List.of("node\techo\t1\tops_per_s=100;cpu_us_per_op=20;ops=1",
				"floor-servlet\techo\t1\tops_per_s=300;cpu_us_per_op=5;ops=1",
				"ours-servlet-annotated\techo\t1\tops_per_s=100;cpu_us_per_op=10;ops=1",
				"floor-servlet\tconnections\t1\theld=10;target=10;heap_per_conn_b=30000;ops=10",
				"ours-servlet\tconnections\t1\theld=10;target=10;heap_per_conn_b=31000;ops=10"));

		String rendered = report.render();

		assertThat(rendered).contains("| ours-servlet-annotated | 100 | 1.00 | 10 | 0.50 | 2.00 | 5 |");
		assertThat(rendered).contains("| floor-servlet | 300 | 3.00 | 5 | 0.25 | 1.00 | 0 |");
		assertThat(rendered).contains(
				"| echo: servlet CPU/ack above the floor ≤ 4 µs (annotated) | 10.00 µs − floor 5.00 µs = 5.00 µs | MISSED |");
		assertThat(rendered).contains(
				"| echo: servlet CPU/ack above the floor ≤ 4 µs | NaN µs − floor 5.00 µs = NaN µs | not measured |");
		assertThat(rendered).contains("| live heap per idle connection, servlet ≤ the bare Tomcat floor + 2 KiB | "
				+ "31000.00 B − floor 30000.00 B = 1000.00 B | met |");
	}

	@Test
	void reportShowsWhetherTheServerAcceptedDeflate() {
		Report report = new Report(List
			.of("ours-webflux\techo-deflate\t1\tops_per_s=100;cpu_us_per_op=10;ops=1;clients=50;deflate_accepted=0"));

		assertThat(report.render()).contains("| ours-webflux | 0 / 50 | 100 | 10 |");
	}

	@Test
	void floorOfEachStack() {
		assertThat(Report.floorOf("ours-webflux-annotated")).isEqualTo("floor-webflux");
		assertThat(Report.floorOf("ours-servlet")).isEqualTo("floor-servlet");
		assertThat(Report.floorOf("node")).isNull();
	}

}
