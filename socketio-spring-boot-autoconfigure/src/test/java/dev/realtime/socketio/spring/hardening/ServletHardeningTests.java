package dev.realtime.socketio.spring.hardening;

import org.springframework.boot.WebApplicationType;

/** The attacks of issue 13 on Spring MVC and Tomcat. */
class ServletHardeningTests extends AbstractHardeningTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

	@Override
	protected boolean listenersBlockTheirReader() {
		return true;
	}

}
