package dev.realtime.socketio.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.ParentNamespace;
import dev.realtime.socketio.server.SocketIoServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Says in one INFO line, once the web server has started, where Socket.IO is served:
 * path, port, web stack, transports, namespaces and adapter, like the web server's own
 * "Tomcat started on port 8080". Silent when no binding serves Socket.IO
 * ({@link WebStackCheck} has said why).
 */
final class SocketIoStartupLogger implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(SocketIoStartupLogger.class);

	private static final String SERVLET_MAPPING = "dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping";

	private static final String REACTIVE_MAPPING = "dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping";

	private final SocketIoServer server;

	private final ApplicationContext context;

	SocketIoStartupLogger(SocketIoServer server, ApplicationContext context) {
		this.server = server;
		this.context = context;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext() != context) {
			return; // a child context's server, the management port for one
		}
		boolean servlet = hasBean(SERVLET_MAPPING);
		if (!servlet && !hasBean(REACTIVE_MAPPING)) {
			return;
		}
		String serverName = serverName(event.getWebServer());
		String stack = (servlet ? "Spring MVC" : "WebFlux") + " on " + serverName;
		logger.info(describe(stack, event.getWebServer().getPort()));
		if (!servlet && !"Reactor Netty".equals(serverName)) {
			logger.warn("Socket.IO on WebFlux upgrades to WebSocket on Reactor Netty only: on " + serverName
					+ " clients stay on polling. Add spring-boot-starter-reactor-netty to serve WebSocket.");
		}
	}

	/**
	 * The line, e.g.
	 * {@code Socket.IO served on /socket.io/ (port 8080, Spring MVC on Tomcat): …}.
	 */
	String describe(String stack, int port) {
		EngineOptions engine = server.options().engine();
		List<String> namespaces = new ArrayList<>();
		server.namespaces().stream().map(Namespace::name).sorted().forEach(namespaces::add);
		server.parentNamespaces().stream().map(ParentNamespace::label).forEach(namespaces::add);
		return "Socket.IO served on " + contextPath() + engine.path() + " (port " + port + ", " + stack
				+ "): transports " + String.join(", ", engine.transports().stream().sorted().toList())
				+ (engine.transports().size() > 1 && !engine.allowUpgrades() ? " (no upgrades)" : "") + "; namespaces "
				+ String.join(", ", namespaces) + "; adapter " + server.sockets().adapter().getClass().getSimpleName();
	}

	private String contextPath() {
		Environment environment = context.getEnvironment();
		String path = environment.getProperty("server.servlet.context-path",
				environment.getProperty("spring.webflux.base-path", ""));
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	private boolean hasBean(String typeName) {
		if (!ClassUtils.isPresent(typeName, context.getClassLoader())) {
			return false;
		}
		return context.getBeanNamesForType(ClassUtils.resolveClassName(typeName, context.getClassLoader())).length > 0;
	}

	private static String serverName(WebServer webServer) {
		String name = webServer.getClass().getSimpleName().replace("WebServer", "");
		return "Netty".equals(name) ? "Reactor Netty" : name;
	}

}
