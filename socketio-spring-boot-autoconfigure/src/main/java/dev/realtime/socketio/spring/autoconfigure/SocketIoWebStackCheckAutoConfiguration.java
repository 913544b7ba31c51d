package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.engine.EngineServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Says so when Socket.IO is on but no web stack binding serves it: an application without
 * a web server, a Spring MVC application without spring-websocket or the container's
 * WebSocket support, WebFlux without Reactor Netty. One WARN names what to add; when
 * {@code socketio.enabled=true} is set explicitly, startup fails instead
 * ({@link SocketIoNotServedException}, described by a failure analyzer).
 */
// the bindings' auto-configurations by name: a class reference would make this package
// and theirs a cycle
@AutoConfiguration(after = SocketIoAutoConfiguration.class,
		afterName = { "dev.realtime.socketio.spring.autoconfigure.servlet.SocketIoServletAutoConfiguration",
				"dev.realtime.socketio.spring.autoconfigure.reactive.SocketIoReactiveAutoConfiguration" })
@ConditionalOnProperty(prefix = "socketio", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(EngineServer.class)
@ConditionalOnMissingBean(type = { "dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping",
		"dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping" })
public final class SocketIoWebStackCheckAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnNotWebApplication
	static class NoWebServer {

		@Bean
		WebStackCheck socketIoWebStackCheck(Environment environment) {
			return new WebStackCheck(WebStackCheck.Stack.NONE, environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class Servlet {

		@Bean
		WebStackCheck socketIoWebStackCheck(Environment environment) {
			return new WebStackCheck(WebStackCheck.Stack.SERVLET, environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class Reactive {

		@Bean
		WebStackCheck socketIoWebStackCheck(Environment environment) {
			return new WebStackCheck(WebStackCheck.Stack.REACTIVE, environment);
		}

	}

}
