package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.realtime.socketio.testsupport.TestExecutors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one client may send: attachments bounded in bytes and time, queued packets, rates.
 */
class SocketIoInboundLimitsTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static final String PH1 = "{\"_placeholder\":true,\"num\":1}";

	private SocketIoFixture fixture;

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private SocketIoFixture fixture(SocketIoOptions.InboundLimits limits) {
		fixture = new SocketIoFixture((options) -> options.inboundLimits(limits));
		fixture.io.on((socket) -> socket.on("echo", (args, ack) -> {
			if (ack != null) {
				ack.send(args.toArray());
			}
		}));
		return fixture;
	}

	private static SocketIoOptions.InboundLimits limits(int eventsPerSecond, long bytesPerSecond,
			SocketIoOptions.RateLimitAction action) {
		return new SocketIoOptions.InboundLimits(Duration.ofSeconds(30), 5000, eventsPerSecond, bytesPerSecond, action);
	}

	private void assertOtherClientsAreServed() {
		TestClient other = fixture.open();
		other.connect();
		other.take();
		other.send("21[\"echo\",\"ok\"]");
		assertThat(other.take()).containsExactly("431[\"ok\"]");
	}

	@Test
	void attachmentsThatNeverArriveCloseTheConnectionAfterTheTimeout() {
		fixture(SocketIoOptions.InboundLimits.defaults());
		TestClient client = fixture.open();
		client.connect();
		client.send("52-[\"echo\"," + PH0 + "," + PH1 + "]");
		client.sendBinary(new byte[1000]);

		fixture.clock.advance(Duration.ofSeconds(29));
		assertThat(client.closed()).isFalse();
		fixture.clock.advance(Duration.ofSeconds(1));

		assertThat(client.closed()).isTrue();
		assertThat(fixture.io.inboundCounters().attachmentRejections()).isEqualTo(1);
		assertOtherClientsAreServed();
	}

	@Test
	void completeBinaryPacketCancelsTheAttachmentTimeout() {
		fixture(SocketIoOptions.InboundLimits.defaults());
		TestClient client = fixture.open();
		client.connect();
		client.take();
		client.send("51-1[\"echo\"," + PH0 + "]");
		client.sendBinary(new byte[] { 7 });
		// past the attachment timeout, before the ping timeout
		fixture.clock.advance(Duration.ofSeconds(31));

		assertThat(client.closed()).isFalse();
		assertThat(client.take()).contains("461-1[" + PH0 + "]");
	}

	@Test
	void attachmentsAddingUpBeyondMaxHttpBufferSizeCloseTheConnection() {
		fixture(SocketIoOptions.InboundLimits.defaults());
		TestClient client = fixture.open();
		client.connect();
		client.send("52-[\"echo\"," + PH0 + "," + PH1 + "]");
		client.sendBinary(new byte[600_000]);
		assertThat(client.closed()).isFalse();
		client.sendBinary(new byte[600_000]);

		assertThat(client.closed()).isTrue();
		assertThat(fixture.io.inboundCounters().attachmentRejections()).isEqualTo(1);
		assertOtherClientsAreServed();
	}

	@Test
	void packetsQueuedBehindASlowListenerBeyondTheBoundCloseTheConnection() {
		TestExecutors.ManualExecutor executor = TestExecutors.manual();
		fixture = new SocketIoFixture(
				(options) -> options.inboundLimits(new SocketIoOptions.InboundLimits(Duration.ofSeconds(30), 10, 0, 0,
						SocketIoOptions.RateLimitAction.DROP)),
				executor);
		AtomicInteger handled = new AtomicInteger();
		fixture.io.on((socket) -> socket.on("e", (args, ack) -> handled.incrementAndGet()));
		TestClient client = fixture.open();
		client.send("0");
		executor.runAll();

		for (int i = 0; i < 10; i++) {
			client.send("2[\"e\"]");
		}
		assertThat(client.closed()).isFalse();
		client.send("2[\"e\"]");

		assertThat(client.closed()).isTrue();
		assertThat(fixture.io.inboundCounters().queueOverflows()).isEqualTo(1);
		executor.runAll();
		assertThat(handled).hasValue(10);
	}

	@Test
	void readingPausesAtHalfTheBoundAndResumesOnceTheListenersCaughtUp() {
		TestExecutors.ManualExecutor executor = TestExecutors.manual();
		fixture = new SocketIoFixture(
				(options) -> options.inboundLimits(new SocketIoOptions.InboundLimits(Duration.ofSeconds(30), 10, 0, 0,
						SocketIoOptions.RateLimitAction.DROP)),
				executor);
		java.util.List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
		TestClient client = fixture.open();
		// each listener notes whether reading was paused when it ran
		fixture.io.on((socket) -> socket.on("e", (args, ack) -> handled
			.add(args.get(0).asInt() + (client.webSocket.readingPaused() ? " paused" : " reading"))));
		client.webSocket.pausable(true);
		client.send("0");
		executor.runAll();

		for (int i = 0; i < 4; i++) {
			client.send("2[\"e\"," + i + "]");
		}
		assertThat(client.webSocket.readingPaused()).isFalse();
		client.send("2[\"e\",4]");
		assertThat(client.webSocket.readingPaused()).isTrue();
		assertThat(fixture.io.inboundCounters().readPauses()).isEqualTo(1);
		// a binding delivers what it had decoded already: still under the hard limit
		client.send("2[\"e\",5]");

		executor.runAll();
		// 6 waited; reading resumes once 2 (a quarter of the bound) are left
		assertThat(handled).containsExactly("0 paused", "1 paused", "2 paused", "3 paused", "4 reading", "5 reading");
		assertThat(client.webSocket.readingPaused()).isFalse();
		assertThat(client.closed()).isFalse();
	}

	@Test
	void aTransportThatCannotPauseIsClosedAtTheBound() {
		TestExecutors.ManualExecutor executor = TestExecutors.manual();
		fixture = new SocketIoFixture(
				(options) -> options.inboundLimits(new SocketIoOptions.InboundLimits(Duration.ofSeconds(30), 4, 0, 0,
						SocketIoOptions.RateLimitAction.DROP)),
				executor);
		fixture.io.on((socket) -> socket.on("e", (args, ack) -> {
		}));
		TestClient client = fixture.open();
		client.send("0");
		executor.runAll();
		for (int i = 0; i < 4; i++) {
			client.send("2[\"e\"]");
		}
		assertThat(fixture.io.inboundCounters().readPauses()).isZero();
		assertThat(client.closed()).isFalse();
		client.send("2[\"e\"]");
		assertThat(client.closed()).isTrue();
	}

	@Test
	void packetsWaitingForListenersAndIncompleteBinaryPacketsCountInTheMemoryBudget() {
		TestExecutors.ManualExecutor executor = TestExecutors.manual();
		fixture = new SocketIoFixture((options) -> options, executor);
		fixture.io.on((socket) -> socket.on("e", (args, ack) -> {
		}));
		// every byte counts at once: the totals below are exact
		fixture.io.engine().setMemoryReportSlack(0);
		TestClient client = fixture.open();
		client.send("0");
		executor.runAll();
		assertThat(fixture.io.engine().memoryUsed()).isZero();

		String event = "2[\"e\"]";
		for (int i = 0; i < 3; i++) {
			client.send(event);
		}
		assertThat(fixture.io.engine().memoryUsed()).isEqualTo(3 * (event.length() + 128));
		executor.runAll();
		assertThat(fixture.io.engine().memoryUsed()).isZero();

		String header = "52-[\"e\"," + PH0 + "," + PH1 + "]";
		client.send(header);
		client.sendBinary(new byte[1000]);
		assertThat(fixture.io.engine().memoryUsed()).isEqualTo(header.length() + 1000);
		client.sendBinary(new byte[10]);
		assertThat(fixture.io.engine().memoryUsed()).isEqualTo(header.length() + 1010 + 128);
		executor.runAll();
		assertThat(fixture.io.engine().memoryUsed()).isZero();

		client.send(header);
		client.sendBinary(new byte[1000]);
		client.webSocket.closeFromClient(1000);
		executor.runAll();
		assertThat(fixture.io.engine().memoryUsed()).isZero();
	}

	@Test
	void packetsWaitingForListenersCountInTheTotalOnceBeyondTheSlackAndWhenNothingIsLeft() {
		TestExecutors.ManualExecutor executor = TestExecutors.manual();
		fixture = new SocketIoFixture((options) -> options, executor);
		fixture.io.on((socket) -> socket.on("e", (args, ack) -> {
		}));
		fixture.io.engine().setMemoryReportSlack(1000);
		TestClient client = fixture.open();
		client.send("0");
		executor.runAll();
		String event = "2[\"e\"]";
		long each = event.length() + 128;
		// under the slack: the connection's exact figure only, the shared total untouched
		for (int i = 0; i < 7; i++) {
			client.send(event);
		}
		assertThat(7 * each).isLessThan(1000);
		assertThat(fixture.io.engine().memoryUsed()).isZero();
		// past it, everything waiting counts
		client.send(event);
		assertThat(fixture.io.engine().memoryUsed()).isEqualTo(8 * each);
		// all handled: the total is exact again
		executor.runAll();
		assertThat(fixture.io.engine().memoryUsed()).isZero();
	}

	@Test
	void eventsOverTheRateAreDroppedWithAnErrorAck() {
		fixture(limits(5, 0, SocketIoOptions.RateLimitAction.DROP));
		TestClient client = fixture.open();
		client.connect();
		client.take();

		for (int i = 1; i <= 7; i++) {
			client.send("2" + i + "[\"echo\"," + i + "]");
		}

		assertThat(client.take()).containsExactly("431[1]", "432[2]", "433[3]", "434[4]", "435[5]",
				"436[{\"error\":\"rate_limited\",\"message\":\"Too many events: slow down\"}]",
				"437[{\"error\":\"rate_limited\",\"message\":\"Too many events: slow down\"}]");
		assertThat(fixture.io.inboundCounters().rateLimitedEvents()).isEqualTo(2);
		fixture.clock.advance(Duration.ofMillis(400));
		client.send("28[\"echo\",8]");
		client.send("29[\"echo\",9]");
		client.send("210[\"echo\",10]");
		assertThat(client.take()).containsExactly("438[8]", "439[9]",
				"4310[{\"error\":\"rate_limited\",\"message\":\"Too many events: slow down\"}]");
		assertThat(client.closed()).isFalse();
	}

	@Test
	void bytesOverTheRateAreDropped() {
		fixture(limits(0, 100, SocketIoOptions.RateLimitAction.DROP));
		TestClient client = fixture.open();
		client.connect();
		client.take();

		client.send("21[\"echo\",\"" + "x".repeat(60) + "\"]");
		client.send("22[\"echo\",\"" + "y".repeat(60) + "\"]");

		assertThat(client.take()).containsExactly("431[\"" + "x".repeat(60) + "\"]",
				"432[{\"error\":\"rate_limited\",\"message\":\"Too many events: slow down\"}]");
	}

	@Test
	void eventsOverTheRateCloseTheConnectionWhenConfigured() {
		fixture(limits(3, 0, SocketIoOptions.RateLimitAction.DISCONNECT));
		TestClient client = fixture.open();
		client.connect();
		client.take();

		for (int i = 1; i <= 4; i++) {
			client.send("2[\"echo\"]");
		}

		assertThat(client.closed()).isTrue();
		assertThat(fixture.io.inboundCounters().rateLimitDisconnects()).isEqualTo(1);
		assertOtherClientsAreServed();
	}

}
