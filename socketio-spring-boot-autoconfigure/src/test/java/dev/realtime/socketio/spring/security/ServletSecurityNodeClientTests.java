package dev.realtime.socketio.spring.security;

import org.springframework.boot.WebApplicationType;

/**
 * The Spring Security integration with the official JavaScript client against Spring MVC
 * on Tomcat.
 */
class ServletSecurityNodeClientTests extends AbstractSecurityNodeClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

	@Override
	protected Class<?> securityConfiguration() {
		return ServletSecurityConfiguration.class;
	}

	@Override
	protected String sessionCookieName() {
		return "JSESSIONID";
	}

}
