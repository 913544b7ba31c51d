package dev.realtime.socketio.spring.client;

import org.springframework.boot.WebApplicationType;

/** Engine.IO v3 clients against Spring MVC on Tomcat. */
class ServletEio3ClientTests extends AbstractEio3ClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
