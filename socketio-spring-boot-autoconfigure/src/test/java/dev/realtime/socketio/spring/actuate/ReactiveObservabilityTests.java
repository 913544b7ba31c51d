package dev.realtime.socketio.spring.actuate;

import org.springframework.boot.WebApplicationType;

class ReactiveObservabilityTests extends AbstractObservabilityTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
