package dev.realtime.socketio.spring.client;

import org.springframework.boot.WebApplicationType;

/** The official JavaScript client against Spring MVC on Tomcat. */
class ServletNodeClientTests extends AbstractNodeClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
