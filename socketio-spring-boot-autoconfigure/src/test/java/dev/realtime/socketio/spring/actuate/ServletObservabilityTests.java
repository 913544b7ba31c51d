package dev.realtime.socketio.spring.actuate;

import org.springframework.boot.WebApplicationType;

class ServletObservabilityTests extends AbstractObservabilityTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
