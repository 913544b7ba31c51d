package dev.realtime.socketio.benchmarks.jmh;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * The upgrade request of a WebSocket-only Engine.IO v4 client, as a binding would hand it
 * over.
 */
final class FakeRequest implements EngineRequest {

	private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

	@Override
	public String method() {
		return "GET";
	}

	@Override
	public String path() {
		return "/socket.io/";
	}

	@Override
	public String rawQuery() {
		return "EIO=4&transport=websocket";
	}

	@Override
	public Map<String, List<String>> queryParameters() {
		return Map.of("EIO", List.of("4"), "transport", List.of("websocket"));
	}

	@Override
	public Map<String, List<String>> headers() {
		return Map.of("Upgrade", List.of("websocket"), "Connection", List.of("Upgrade"));
	}

	@Override
	public InetSocketAddress remoteAddress() {
		return PEER;
	}

	@Override
	public @Nullable Principal principal() {
		return null;
	}

	@Override
	public boolean secure() {
		return false;
	}

}
