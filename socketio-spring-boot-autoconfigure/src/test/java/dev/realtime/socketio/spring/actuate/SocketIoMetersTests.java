package dev.realtime.socketio.spring.actuate;

import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The meters that end-to-end traffic rarely reaches: overflows, volatile drops, adapter
 * figures.
 */
class SocketIoMetersTests {

	private final SocketIoServer server = new SocketIoServer(SocketIoOptions.builder().build());

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final SocketIoMeters meters = new SocketIoMeters(server);

	@AfterEach
	void close() {
		server.close();
	}

	@Test
	void countsOverflowsVolatileDropsAndRefusedHandshakes() {
		meters.bindTo(registry);
		EngineSocket session = null; // the meters do not look at it
		meters.sessionClosed(session, "websocket", CloseReason.BUFFER_OVERFLOW);
		meters.sessionClosed(session, "websocket", CloseReason.TRANSPORT_CLOSE);
		meters.volatileDropped(session, List.of(EnginePacket.message("a"), EnginePacket.message("b")));
		meters.handshakeRefused(null, "max_connections");
		meters.handshakeRefused(null, "shutting_down");
		meters.upgradeFailed(session, "upgrade timeout");
		meters.upgradeFailed(session, "closed");
		assertThat(registry.get("socketio.outbound.overflows").counter().count()).isEqualTo(1);
		assertThat(registry.get("socketio.outbound.volatile.drops").counter().count()).isEqualTo(2);
		assertThat(registry.get("socketio.connections.refused").tag("reason", "max_connections").counter().count())
			.isEqualTo(1);
		assertThat(registry.get("socketio.connections.refused").tag("reason", "shutting_down").counter().count())
			.isEqualTo(1);
		assertThat(registry.get("socketio.upgrades").tag("outcome", "timeout").counter().count()).isEqualTo(1);
		assertThat(registry.get("socketio.upgrades").tag("outcome", "failed").counter().count()).isEqualTo(1);
	}

	@Test
	void countsShedConnectionsAndShowsTheMemoryTheyPin() {
		meters.bindTo(registry);
		meters.sessionClosed(null, "polling", CloseReason.MEMORY_BUDGET);
		assertThat(registry.get("socketio.memory.sheds").counter().count()).isEqualTo(1);
		assertThat(registry.get("socketio.memory.used").gauge().value()).isEqualTo(server.engine().memoryUsed());
	}

	@Test
	void countsWhatAdaptersReport() {
		meters.bindTo(registry);
		server.observer().adapterMessagePublished("/", "BROADCAST");
		server.observer().adapterMessageReceived("/", "BROADCAST");
		server.observer().adapterMessageReceived("/", "FETCH_SOCKETS");
		server.observer().adapterRequestTimedOut("/", "FETCH_SOCKETS");
		assertThat(registry.get("socketio.adapter.messages")
			.tags("direction", "out", "type", "BROADCAST")
			.counter()
			.count()).isEqualTo(1);
		assertThat(registry.get("socketio.adapter.messages").tags("direction", "in").counters()).hasSize(2);
		assertThat(registry.get("socketio.adapter.request.timeouts").tag("type", "FETCH_SOCKETS").counter().count())
			.isEqualTo(1);
		assertThat(registry.get("socketio.cluster.servers").gauge().value()).isEqualTo(1);
	}

	@Test
	void connectErrorCodesComeFromTheRefusal() {
		assertThat(SocketIoMeters.code(false, "Invalid namespace", null)).isEqualTo("invalid_namespace");
		assertThat(SocketIoMeters.code(true, "forbidden", Map.of("code", "access_denied"))).isEqualTo("access_denied");
		assertThat(SocketIoMeters.code(true, "connection closed", null)).isEqualTo("connection_closed");
		assertThat(SocketIoMeters.code(true, "no", "text")).isEqualTo("refused");
	}

	@Test
	void bindsOnce() {
		meters.bindTo(registry);
		assertThatIllegalStateException().isThrownBy(() -> meters.bindTo(new SimpleMeterRegistry()));
	}

}
