package dev.realtime.socketio.spring.client;

import org.springframework.boot.WebApplicationType;

/** Engine.IO v3 clients against WebFlux on Reactor Netty. */
class ReactiveEio3ClientTests extends AbstractEio3ClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
