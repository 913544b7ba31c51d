package dev.realtime.socketio.spring.actuate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.server.SocketIoServer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code socketio} health component: UP while the server accepts connections, DOWN
 * once it is shutting down or when the adapter cannot tell how many servers the cluster
 * has (a distributed adapter that lost its broker). Details: open connections, the
 * adapter's type and the cluster's server count.
 */
public final class SocketIoHealthIndicator extends AbstractHealthIndicator {

	private final SocketIoServer server;

	private final Duration adapterTimeout;

	public SocketIoHealthIndicator(SocketIoServer server, Duration adapterTimeout) {
		super("Socket.IO health check failed");
		this.server = server;
		this.adapterTimeout = adapterTimeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		Adapter adapter = server.sockets().adapter();
		builder.withDetail("connections", server.engine().clientsCount())
			.withDetail("adapter", adapter.getClass().getSimpleName());
		if (server.engine().isClosed()) {
			builder.down().withDetail("state", "shutting down");
			return;
		}
		try {
			int servers = adapter.serverCount().get(adapterTimeout.toMillis(), TimeUnit.MILLISECONDS);
			builder.up().withDetail("state", "accepting").withDetail("servers", servers);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			builder.down()
				.withDetail("state", "adapter unavailable")
				.withDetail("error", cause.getClass().getSimpleName());
		}
	}

}
