package dev.realtime.socketio.spring.annotation.client;

import org.springframework.boot.WebApplicationType;

/**
 * The annotation model with the official JavaScript client against WebFlux on Reactor
 * Netty.
 */
class ReactiveAnnotationNodeClientTests extends AbstractAnnotationNodeClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
