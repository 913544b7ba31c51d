package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.server.SocketIoServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the Socket.IO server when the application stops, before the web server's
 * graceful shutdown begins: every socket leaves with "server shutting down" (kept for
 * recovery when it is on) and parked polling requests are answered, so they do not hold
 * the shutdown up.
 */
final class SocketIoLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SocketIoLifecycle.class);

	private final SocketIoServer server;

	private volatile boolean running;

	SocketIoLifecycle(SocketIoServer server) {
		this.server = server;
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		int connections = server.engine().clientsCount();
		if (connections > 0) {
			logger.info("Closing " + connections + " Socket.IO connection(s): server shutting down");
		}
		server.close();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops first: after this phase come the web server's graceful shutdown and stop. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
