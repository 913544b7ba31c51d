package dev.realtime.socketio.spring.security;

import org.springframework.boot.WebApplicationType;

/**
 * The Spring Security integration with the official JavaScript client against WebFlux on
 * Reactor Netty.
 */
class ReactiveSecurityNodeClientTests extends AbstractSecurityNodeClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

	@Override
	protected Class<?> securityConfiguration() {
		return ReactiveSecurityConfiguration.class;
	}

	@Override
	protected String sessionCookieName() {
		return "SESSION";
	}

}
