package dev.realtime.socketio.benchmarks.server;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.actuate.SocketIoMeters;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Switches the starter's meters on and off at runtime ({@link SocketIoMeters#pause()},
 * {@link SocketIoMeters#resume()}), for the load generator's in-JVM A/B of what they cost
 * ({@code benchmarks/run.sh --meters-ab}): {@code POST /__bench/meters?on=false} pauses,
 * {@code ?on=true} resumes, {@code GET /__bench/meters} tells the state. Each answer
 * names the server's observers, so that a run shows that nothing else observes. Answers
 * 404 without {@code --bench.metrics} (no meters); served by Spring MVC or WebFlux alike.
 */
@RestController
class MetersSwitch {

	private final ObjectProvider<SocketIoMeters> meters;

	private final SocketIoServer server;

	MetersSwitch(ObjectProvider<SocketIoMeters> meters, SocketIoServer server) {
		this.meters = meters;
		this.server = server;
	}

	private SocketIoMeters meters() {
		SocketIoMeters bound = meters.getIfAvailable();
		if (bound == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no meters: start with --bench.metrics=simple");
		}
		return bound;
	}

	@PostMapping("/__bench/meters")
	String set(@RequestParam("on") boolean on) {
		if (on) {
			meters().resume();
		}
		else {
			meters().pause();
		}
		return state();
	}

	@GetMapping("/__bench/meters")
	String state() {
		Object observer = server.observer();
		return "meters=" + (meters().isPaused() ? "off" : "on") + " observer="
				+ ((observer != null) ? observer.getClass().getSimpleName() : "none") + "\n";
	}

}
