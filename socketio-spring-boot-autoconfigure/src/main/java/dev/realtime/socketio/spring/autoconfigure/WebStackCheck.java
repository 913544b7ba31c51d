package dev.realtime.socketio.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registered only when no web stack binding serves Socket.IO: works out what is missing,
 * then logs one WARN, or fails startup when {@code socketio.enabled=true} was asked for
 * explicitly.
 */
final class WebStackCheck implements SmartInitializingSingleton, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(WebStackCheck.class);

	/** The kind of application, as Spring Boot deduced it. */
	enum Stack {

		NONE, SERVLET, REACTIVE

	}

	/**
	 * A class the binding of a stack needs, what it is part of, and what to add to get
	 * it.
	 */
	private record Requirement(String className, String what, String add) {
	}

	private static final List<Requirement> SERVLET_NEEDS = List.of(
			new Requirement("org.springframework.web.servlet.DispatcherServlet", "spring-webmvc",
					"spring-boot-starter-webmvc"),
			new Requirement("org.springframework.web.socket.WebSocketHandler", "spring-websocket",
					"org.springframework:spring-websocket (socketio-spring-boot-starter brings it unless it is excluded)"),
			new Requirement("jakarta.websocket.Session", "the servlet container's WebSocket support",
					"org.apache.tomcat.embed:tomcat-embed-websocket on Tomcat, "
							+ "org.eclipse.jetty.ee11.websocket:jetty-ee11-websocket-jakarta-server on Jetty"));

	private static final List<Requirement> REACTIVE_NEEDS = List.of(
			new Requirement("org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService",
					"spring-webflux", "spring-boot-starter-webflux"),
			new Requirement("reactor.netty.http.server.HttpServer",
					"Reactor Netty (Socket.IO on WebFlux runs on Reactor Netty only)",
					"spring-boot-starter-reactor-netty"));

	private final Stack stack;

	private final Environment environment;

	private ClassLoader classLoader = WebStackCheck.class.getClassLoader();

	WebStackCheck(Stack stack, Environment environment) {
		this.stack = stack;
		this.environment = environment;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void afterSingletonsInstantiated() {
		SocketIoNotServedException problem = diagnose(stack, classLoader);
		if (Boolean.TRUE.equals(environment.getProperty("socketio.enabled", Boolean.class))) {
			throw problem;
		}
		logger.warn(problem.getMessage() + " " + problem.getAction());
	}

	/**
	 * Why nothing serves Socket.IO in an application of this kind, and what to do about
	 * it.
	 */
	static SocketIoNotServedException diagnose(Stack stack, ClassLoader classLoader) {
		return switch (stack) {
			case NONE -> new SocketIoNotServedException("Socket.IO is not served: this application has no web server.",
					"Add spring-boot-starter-webmvc (Spring MVC on Tomcat) or spring-boot-starter-webflux "
							+ "(WebFlux on Reactor Netty), or set socketio.enabled=false.");
			case SERVLET -> missing("Spring MVC", SERVLET_NEEDS, classLoader);
			case REACTIVE -> missing("WebFlux", REACTIVE_NEEDS, classLoader);
		};
	}

	private static SocketIoNotServedException missing(String stackName, List<Requirement> needs,
			ClassLoader classLoader) {
		List<String> missing = new ArrayList<>();
		List<String> add = new ArrayList<>();
		for (Requirement need : needs) {
			if (!ClassUtils.isPresent(need.className(), classLoader)) {
				missing.add(need.what());
				add.add(need.add());
			}
		}
		if (missing.isEmpty()) {
			return new SocketIoNotServedException(
					"Socket.IO is not served: the " + stackName + " binding of Socket.IO was not applied.",
					"Run with --debug to see which condition of Socket.IO's auto-configuration did not match, "
							+ "or set socketio.enabled=false.");
		}
		return new SocketIoNotServedException(
				"Socket.IO is not served on this " + stackName + " application: missing "
						+ String.join(" and ", missing) + ".",
				"Add " + String.join("; and ", add)
						+ " to the application's dependencies, or set socketio.enabled=false.");
	}

}
