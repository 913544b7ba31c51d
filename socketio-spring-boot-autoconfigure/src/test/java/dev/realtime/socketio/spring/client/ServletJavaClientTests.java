package dev.realtime.socketio.spring.client;

import org.springframework.boot.WebApplicationType;

/** The Java client against Spring MVC on Tomcat. */
class ServletJavaClientTests extends AbstractJavaClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
