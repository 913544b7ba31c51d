package dev.realtime.socketio.spring.msgpack;

import org.springframework.boot.WebApplicationType;

/** socketio.parser.format=msgpack on Spring MVC on Tomcat. */
class ServletMsgpackNodeClientTests extends AbstractMsgpackNodeClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
