package dev.realtime.socketio.spring.client;

import org.springframework.boot.WebApplicationType;

/** The Java client against WebFlux on Reactor Netty. */
class ReactiveJavaClientTests extends AbstractJavaClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
