package dev.realtime.socketio.spring.web.servlet;

import dev.realtime.socketio.spring.web.AbstractWebSocketWritesTests;

import org.springframework.boot.WebApplicationType;

/**
 * Frames written on Spring MVC and Tomcat (directly to the socket, see
 * TomcatFrameWriter).
 */
class ServletWebSocketWritesTests extends AbstractWebSocketWritesTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
