package dev.realtime.socketio.spring.client;

import org.springframework.boot.WebApplicationType;

/** The official JavaScript client against WebFlux on Reactor Netty. */
class ReactiveNodeClientTests extends AbstractNodeClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
