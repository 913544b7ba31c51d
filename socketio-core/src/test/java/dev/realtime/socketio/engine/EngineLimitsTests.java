package dev.realtime.socketio.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.realtime.socketio.engine.spi.EngineRequest;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The connection limit and shutdown refuse handshakes with 503; observers see refusals
 * and upgrades.
 */
class EngineLimitsTests {

	private final EngineFixture fixture = new EngineFixture();

	private final List<String> seen = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		fixture.close();
	}

	private void observe() {
		fixture.engine.addObserver(new EngineObserver() {
			@Override
			public void handshakeRefused(EngineRequest request, String reason) {
				seen.add("refused " + reason);
			}

			@Override
			public void upgraded(EngineSocket session) {
				seen.add("upgraded");
			}

			@Override
			public void upgradeFailed(EngineSocket session, String why) {
				seen.add("upgrade failed " + why);
			}

			@Override
			public void sessionClosed(EngineSocket session, String transport, CloseReason reason) {
				seen.add("closed " + transport + " " + reason.text());
			}
		});
	}

	@Test
	void handshakesBeyondTheLimitGet503OnBothTransports() {
		observe();
		fixture.engine.setMaxConnections(1);
		fixture.handshake();

		FakeHttpExchange polling = FakeHttpExchange.get("EIO=4&transport=polling");
		fixture.engine.handle(polling);
		assertThat(polling.status()).isEqualTo(503);
		assertThat(polling.bodyText()).isEqualTo("{\"code\":3,\"message\":\"Server unavailable\"}");

		UpgradeDecision webSocket = fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket"));
		assertThat(webSocket.accepted()).isFalse();
		assertThat(webSocket.rejection().status()).isEqualTo(503);
		assertThat(seen).containsExactly("refused max_connections", "refused max_connections");

		fixture.engine.setMaxConnections(0);
		String second = fixture.handshake();
		assertThat(fixture.engine.clientsCount()).isEqualTo(2);
		assertThat(second).isNotEmpty();
	}

	@Test
	void aClosedServerAnswers503() {
		observe();
		fixture.engine.close();
		FakeHttpExchange polling = FakeHttpExchange.get("EIO=4&transport=polling");
		fixture.engine.handle(polling);
		assertThat(polling.status()).isEqualTo(503);
		assertThat(fixture.engine.isClosed()).isTrue();
		assertThat(fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket")).rejection().status())
			.isEqualTo(503);
		assertThat(seen).containsExactly("refused shutting_down", "refused shutting_down");
	}

	@Test
	void aNegativeLimitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> fixture.engine.setMaxConnections(-1))
			.withMessageContaining("maxConnections");
	}

	@Test
	void observersSeeUpgradesAndCloses() {
		observe();
		String sid = fixture.handshake();
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");
		webSocket.receiveText("5");
		String other = fixture.handshake();
		FakeWebSocket failing = fixture.upgradeCandidate(other);
		failing.receiveText("5");
		webSocket.receiveText("1");
		assertThat(seen).containsExactly("upgraded", "upgrade failed unexpected packet during upgrade",
				"closed websocket transport close");
	}

}
