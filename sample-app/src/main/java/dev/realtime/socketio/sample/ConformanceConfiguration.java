package dev.realtime.socketio.sample;

import java.time.Duration;

import dev.realtime.socketio.engine.CorsPolicy;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * What the official conformance suites connect to (see
 * {@code application-conformance.yml}): a raw Engine.IO echo server on
 * {@code /engine.io/} and the Socket.IO handlers of the v5 suite on {@code /socket.io/}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("conformance")
class ConformanceConfiguration {

	/**
	 * The Engine.IO suite's server: every message is echoed unchanged, text as text,
	 * binary as binary.
	 */
	@Bean(destroyMethod = "close")
	EngineServer conformanceEngineServer() {
		EngineServer engine = new EngineServer(EngineOptions.builder()
			.path("/engine.io/")
			.pingInterval(Duration.ofMillis(300))
			.pingTimeout(Duration.ofMillis(200))
			.maxHttpBufferSize(1_000_000)
			.cors(CorsPolicy.allowAll())
			.build());
		engine.onConnection((socket) -> socket.onMessage(socket::sendContent));
		return engine;
	}

	/** The Socket.IO suite's handlers. */
	@Bean
	SocketIoServerCustomizer conformanceHandlers() {
		return (io) -> {
			io.on((socket) -> {
				socket.emit("auth", socket.handshake().auth());
				socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
				socket.on("message-with-ack", (args, ack) -> {
					if (ack != null) {
						ack.send(args.toArray());
					}
				});
			});
			io.of("/custom").on((socket) -> socket.emit("auth", socket.handshake().auth()));
		};
	}

}
