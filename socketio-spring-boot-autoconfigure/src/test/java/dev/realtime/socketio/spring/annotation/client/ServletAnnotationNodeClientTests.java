package dev.realtime.socketio.spring.annotation.client;

import org.springframework.boot.WebApplicationType;

/**
 * The annotation model with the official JavaScript client against Spring MVC on Tomcat.
 */
class ServletAnnotationNodeClientTests extends AbstractAnnotationNodeClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
