package dev.realtime.socketio.spring.web.reactive;

import dev.realtime.socketio.spring.web.AbstractEngineHooksTests;

import org.springframework.boot.WebApplicationType;

/** Node's engine hooks on WebFlux and Reactor Netty. */
class ReactiveEngineHooksTests extends AbstractEngineHooksTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
