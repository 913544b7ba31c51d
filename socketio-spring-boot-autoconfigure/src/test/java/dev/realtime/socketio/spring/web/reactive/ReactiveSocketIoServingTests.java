package dev.realtime.socketio.spring.web.reactive;

import dev.realtime.socketio.spring.web.AbstractSocketIoServingTests;

import org.springframework.boot.WebApplicationType;

/** What the starter serves besides the protocol, on WebFlux and Reactor Netty. */
class ReactiveSocketIoServingTests extends AbstractSocketIoServingTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

	@Override
	protected String stackName() {
		return "WebFlux on Reactor Netty";
	}
}
