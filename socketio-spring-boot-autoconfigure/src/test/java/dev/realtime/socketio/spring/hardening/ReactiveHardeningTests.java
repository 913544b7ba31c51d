package dev.realtime.socketio.spring.hardening;

import org.springframework.boot.WebApplicationType;

/** The attacks of issue 13 on WebFlux and Reactor Netty. */
class ReactiveHardeningTests extends AbstractHardeningTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
