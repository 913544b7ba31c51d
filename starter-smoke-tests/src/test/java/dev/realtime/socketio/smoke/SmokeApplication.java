package dev.realtime.socketio.smoke;

import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The smallest application a user writes: one event answered through its acknowledgement.
 */
@SpringBootApplication
public class SmokeApplication {

	@Bean
	SocketIoServerCustomizer echo() {
		return (io) -> io.on((socket) -> socket.on("echo", (args, ack) -> {
			if (ack != null) {
				ack.send(args.value(0));
			}
		}));
	}

}
