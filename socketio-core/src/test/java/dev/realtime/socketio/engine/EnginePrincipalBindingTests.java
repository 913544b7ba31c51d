package dev.realtime.socketio.engine;

import java.security.Principal;

import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With requireSamePrincipal, a session id is useless to anyone but the user who opened
 * it.
 */
class EnginePrincipalBindingTests {

	private final EngineFixture fixture = new EngineFixture((options) -> options.requireSamePrincipal(true));

	private static final Principal ALICE = () -> "alice";

	private static final Principal MALLORY = () -> "mallory";

	@AfterEach
	void close() {
		fixture.close();
	}

	private String handshakeAs(Principal principal) {
		FakeHttpExchange handshake = fixture
			.handle(FakeHttpExchange.get("EIO=4&transport=polling").principal(principal));
		String body = handshake.bodyText();
		return body.substring(body.indexOf("\"sid\":\"") + 7, body.indexOf("\",\"upgrades\""));
	}

	@Test
	void requestsOfTheSameUserAreServed() {
		String sid = handshakeAs(ALICE);

		FakeHttpExchange post = fixture
			.handle(FakeHttpExchange.post("EIO=4&transport=polling&sid=" + sid, "4hi").principal(() -> "alice"));

		assertThat(post.status()).isEqualTo(200);
	}

	@Test
	void pollingRequestOfAnotherUserIsForbidden() {
		String sid = handshakeAs(ALICE);

		FakeHttpExchange get = fixture
			.handle(FakeHttpExchange.get("EIO=4&transport=polling&sid=" + sid).principal(MALLORY));

		assertThat(get.status()).isEqualTo(403);
		assertThat(get.bodyText()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
	}

	@Test
	void anonymousRequestOnAnAuthenticatedSessionIsForbidden() {
		String sid = handshakeAs(ALICE);

		FakeHttpExchange get = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling&sid=" + sid));

		assertThat(get.status()).isEqualTo(403);
	}

	@Test
	void upgradeOfAnotherUserIsRefusedBeforeTheWebSocketHandshake() {
		String sid = handshakeAs(ALICE);

		UpgradeDecision decision = fixture.engine
			.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket&sid=" + sid).principal(MALLORY));

		assertThat(decision.accepted()).isFalse();
		assertThat(decision.rejection().status()).isEqualTo(403);
	}

	@Test
	void withoutTheOptionAnotherUserIsServedAsNodeDoes() {
		EngineFixture node = new EngineFixture();
		try {
			FakeHttpExchange handshake = node.handle(FakeHttpExchange.get("EIO=4&transport=polling").principal(ALICE));
			String body = handshake.bodyText();
			String sid = body.substring(body.indexOf("\"sid\":\"") + 7, body.indexOf("\",\"upgrades\""));

			FakeHttpExchange post = node
				.handle(FakeHttpExchange.post("EIO=4&transport=polling&sid=" + sid, "4hi").principal(MALLORY));

			assertThat(post.status()).isEqualTo(200);
		}
		finally {
			node.close();
		}
	}

}
