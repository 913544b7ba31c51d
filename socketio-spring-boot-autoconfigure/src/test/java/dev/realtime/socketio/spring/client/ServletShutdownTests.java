package dev.realtime.socketio.spring.client;

import org.springframework.boot.WebApplicationType;

class ServletShutdownTests extends AbstractShutdownTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
