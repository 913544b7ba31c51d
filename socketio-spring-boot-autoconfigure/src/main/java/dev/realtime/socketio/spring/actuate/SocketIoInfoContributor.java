package dev.realtime.socketio.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.server.SocketIoServer;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code socketio}: the protocol versions, the path and the transports, to
 * {@code /actuator/info}.
 */
public final class SocketIoInfoContributor implements InfoContributor {

	/** The Engine.IO protocol revision served. */
	public static final int ENGINE_IO_PROTOCOL = 4;

	/** The Socket.IO protocol revision served. */
	public static final int SOCKET_IO_PROTOCOL = 5;

	private final SocketIoServer server;

	public SocketIoInfoContributor(SocketIoServer server) {
		this.server = server;
	}

	@Override
	public void contribute(Info.Builder builder) {
		EngineOptions options = server.engine().options();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("engineIoProtocol", ENGINE_IO_PROTOCOL);
		details.put("socketIoProtocol", SOCKET_IO_PROTOCOL);
		details.put("path", options.path());
		details.put("transports", options.transports());
		builder.withDetail("socketio", details);
	}

}
