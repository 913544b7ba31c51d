package dev.realtime.socketio.spring.actuate.admin;

import org.springframework.boot.WebApplicationType;

class ServletAdminUiTests extends AbstractAdminUiTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
