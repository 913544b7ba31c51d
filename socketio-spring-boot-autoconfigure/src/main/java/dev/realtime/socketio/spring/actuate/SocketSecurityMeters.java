package dev.realtime.socketio.spring.actuate;

import dev.realtime.socketio.spring.security.SocketSecurityCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The security integration's refusals ({@link SocketSecurityCounters}) as meters:
 * {@code socketio.security.refusals} with {@code kind} {@code authentication} (a CONNECT
 * whose credentials failed), {@code connection} (a namespace the rules refused) or
 * {@code event}.
 */
public final class SocketSecurityMeters {

	private SocketSecurityMeters() {
	}

	public static void bind(SocketSecurityCounters counters, MeterRegistry registry) {
		FunctionCounter.builder("socketio.security.refusals", counters, SocketSecurityCounters::failedAuthentications)
			.description("CONNECTs whose credentials failed to authenticate")
			.tag("kind", "authentication")
			.register(registry);
		FunctionCounter.builder("socketio.security.refusals", counters, SocketSecurityCounters::deniedConnections)
			.description("CONNECTs the authorization rules refused")
			.tag("kind", "connection")
			.register(registry);
		FunctionCounter.builder("socketio.security.refusals", counters, SocketSecurityCounters::deniedEvents)
			.description("Events the authorization rules refused")
			.tag("kind", "event")
			.register(registry);
	}

}
