package dev.realtime.socketio.spring.web.servlet;

import dev.realtime.socketio.spring.web.AbstractSocketIoServingTests;

import org.springframework.boot.WebApplicationType;

/** What the starter serves besides the protocol, on Spring MVC and Tomcat. */
class ServletSocketIoServingTests extends AbstractSocketIoServingTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

	@Override
	protected String stackName() {
		return "Spring MVC on Tomcat";
	}

}
