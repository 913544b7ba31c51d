package dev.realtime.socketio.spring.client;

import org.springframework.boot.WebApplicationType;

class ReactiveShutdownTests extends AbstractShutdownTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
