package dev.realtime.socketio.spring.web.servlet;

import dev.realtime.socketio.spring.web.AbstractEngineHooksTests;

import org.springframework.boot.WebApplicationType;

/** Node's engine hooks on Spring MVC and Tomcat. */
class ServletEngineHooksTests extends AbstractEngineHooksTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
