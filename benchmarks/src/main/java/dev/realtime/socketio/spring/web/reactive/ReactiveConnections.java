package dev.realtime.socketio.spring.web.reactive;

import dev.realtime.socketio.engine.spi.WebSocketConnection;
import io.netty.channel.Channel;

/**
 * The WebFlux binding's connection for the in-process benchmarks (same package, other
 * module): built on a Netty channel, and the switch between batched fan-out writes and
 * one event-loop task per frame.
 */
public final class ReactiveConnections {

	private ReactiveConnections() {
	}

	/** The binding's connection writing to {@code channel}. */
	public static WebSocketConnection connection(Channel channel) {
		return new EngineWebSocketConnection(channel);
	}

	/** Whether frames sent during a fan-out are batched per event loop (the default). */
	public static void fanOutBatching(boolean batching) {
		EngineWebSocketConnection.fanOutBatching = batching;
	}

}
