package dev.realtime.socketio.spring.autoconfigure.servlet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.ServletContext;
import jakarta.websocket.WebSocketContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Sets the default message buffer sizes of Tomcat's WebSocket container
 * ({@code socketio.servlet.websocket-buffer-size}).
 *
 * <p>
 * Tomcat gives every WebSocket session a binary message buffer of
 * {@code defaultMaxBinaryMessageBufferSize} bytes and a text buffer of
 * {@code defaultMaxTextMessageBufferSize} characters (8 KiB and 16 KB by default), read
 * from the container when the session is created: a per-session setting comes too late,
 * so the only lever is the container-wide default. The Engine.IO binding takes messages
 * in parts and joins them up to {@code maxHttpBufferSize}, so buffers smaller than a
 * message only cost more parts, never a refused message. Other WebSocket endpoints of the
 * application may take whole messages, which Tomcat refuses (1009) once larger than the
 * buffer: when the application has any (see {@link #otherEndpoints}), the defaults are
 * left as they are.
 */
final class TomcatWebSocketBuffers implements ServletContextAware, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(TomcatWebSocketBuffers.class);

	/** The servlet context attribute holding the JSR 356 server container. */
	static final String SERVER_CONTAINER_ATTRIBUTE = "jakarta.websocket.server.ServerContainer";

	private static final String TOMCAT_PACKAGE = "org.apache.tomcat.websocket.";

	/** Bean types that mean the application serves WebSocket endpoints of its own. */
	private static final List<Class<?>> OTHER_ENDPOINTS = List.of(WebSocketConfigurer.class, WebSocketHandler.class,
			ServerEndpointExporter.class, ServletServerContainerFactoryBean.class);

	private final int size;

	private final ListableBeanFactory beanFactory;

	private @Nullable ServletContext servletContext;

	TomcatWebSocketBuffers(int size, ListableBeanFactory beanFactory) {
		if (size < 0) {
			throw new IllegalArgumentException(
					"socketio.servlet.websocket-buffer-size must be 0 (Tomcat's defaults) or more, got " + size);
		}
		this.size = size;
		this.beanFactory = beanFactory;
	}

	int size() {
		return size;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		this.servletContext = servletContext;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (size == 0 || servletContext == null) {
			return;
		}
		apply(servletContext.getAttribute(SERVER_CONTAINER_ATTRIBUTE));
	}

	/**
	 * Sets the defaults of {@code container} when it is Tomcat's and no other endpoint
	 * needs them.
	 * @return whether the defaults were set
	 */
	boolean apply(@Nullable Object container) {
		if (!(container instanceof WebSocketContainer webSocketContainer)
				|| !container.getClass().getName().startsWith(TOMCAT_PACKAGE)) {
			// Jetty's defaults mean something else (a message size limit): left alone
			logger.debug("No Tomcat WebSocket container: socketio.servlet.websocket-buffer-size not applied");
			return false;
		}
		List<String> others = otherEndpoints();
		if (!others.isEmpty()) {
			logger.info("Tomcat's WebSocket message buffers left at their defaults: the application has WebSocket "
					+ "endpoints of its own " + others + " (socketio.servlet.websocket-buffer-size not applied)");
			return false;
		}
		webSocketContainer.setDefaultMaxBinaryMessageBufferSize(size);
		webSocketContainer.setDefaultMaxTextMessageBufferSize(size);
		logger.debug("Tomcat's WebSocket message buffers set to " + size + " (socketio.servlet.websocket-buffer-size)");
		return true;
	}

	/** Names of the beans that show WebSocket endpoints other than Socket.IO's. */
	List<String> otherEndpoints() {
		List<String> names = new ArrayList<>();
		for (Class<?> type : OTHER_ENDPOINTS) {
			names.addAll(Arrays.asList(beanFactory.getBeanNamesForType(type, true, false)));
		}
		return names;
	}

}
