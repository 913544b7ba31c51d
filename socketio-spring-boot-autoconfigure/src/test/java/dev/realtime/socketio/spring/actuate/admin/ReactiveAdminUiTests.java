package dev.realtime.socketio.spring.actuate.admin;

import org.springframework.boot.WebApplicationType;

class ReactiveAdminUiTests extends AbstractAdminUiTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
