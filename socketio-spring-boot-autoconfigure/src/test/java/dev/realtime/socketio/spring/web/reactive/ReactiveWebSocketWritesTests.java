package dev.realtime.socketio.spring.web.reactive;

import dev.realtime.socketio.spring.web.AbstractWebSocketWritesTests;

import org.springframework.boot.WebApplicationType;

/** Frames written on WebFlux and Reactor Netty. */
class ReactiveWebSocketWritesTests extends AbstractWebSocketWritesTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
