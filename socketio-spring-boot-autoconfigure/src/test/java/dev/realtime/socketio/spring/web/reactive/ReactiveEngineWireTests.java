package dev.realtime.socketio.spring.web.reactive;

import dev.realtime.socketio.spring.web.AbstractEngineWireTests;

import org.springframework.boot.WebApplicationType;

/**
 * The Engine.IO wire protocol on Spring WebFlux, served by Reactor Netty.
 */
class ReactiveEngineWireTests extends AbstractEngineWireTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
