package dev.realtime.socketio.spring.autoconfigure.reactive;

import java.util.ArrayList;
import java.util.List;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.spring.web.ClientBundle;
import dev.realtime.socketio.spring.web.StaticFiles;
import dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;

/**
 * Serves every {@link EngineServer} bean on Spring WebFlux running on Reactor Netty:
 * long-polling and WebSocket on each server's path, ahead of the application's own
 * handlers.
 */
@AutoConfiguration(afterName = "dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ DispatcherHandler.class, HandshakeWebSocketService.class, HttpServer.class })
@ConditionalOnProperty(prefix = "socketio", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(EngineServer.class)
public final class SocketIoReactiveAutoConfiguration {

	private static final String NATIVE_WEBSOCKET = "socketio.webflux.native-websocket";

	private static final String LISTENERS_ON_EVENT_LOOP = "socketio.webflux.listeners-on-event-loop";

	@Bean
	@ConditionalOnMissingBean
	EngineHandlerMapping socketIoEngineHandlerMapping(ObjectProvider<EngineServer> engineServers,
			ObjectProvider<ClientBundle> clientBundle, ObjectProvider<StaticFiles> staticFiles,
			Environment environment) {
		// the client bundle under socketio.path, then other files (the Admin UI) under
		// theirs
		List<StaticFiles> files = new ArrayList<>();
		clientBundle.ifUnique((bundle) -> files.add(bundle.files()));
		staticFiles.orderedStream().forEach(files::add);
		// socketio.webflux.native-websocket and .listeners-on-event-loop
		// (SocketIoProperties.Webflux): read here, as
		// this binding also serves EngineServer beans without SocketIoAutoConfiguration
		boolean nativeWebSocket = environment.getProperty(NATIVE_WEBSOCKET, Boolean.class, true);
		EngineHandlerMapping mapping = new EngineHandlerMapping(engineServers.orderedStream().toList(), files,
				nativeWebSocket);
		mapping.setListenersOnEventLoop(environment.getProperty(LISTENERS_ON_EVENT_LOOP, Boolean.class, false));
		return mapping;
	}

}
