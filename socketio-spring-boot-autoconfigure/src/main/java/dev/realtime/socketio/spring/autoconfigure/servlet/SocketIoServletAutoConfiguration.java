package dev.realtime.socketio.spring.autoconfigure.servlet;

import java.util.ArrayList;
import java.util.List;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.spring.web.ClientBundle;
import dev.realtime.socketio.spring.web.StaticFiles;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoProperties;
import dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.MethodMetadata;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Serves every {@link EngineServer} bean through Spring MVC: an
 * {@link EngineHandlerMapping} that the {@link DispatcherServlet} consults before the
 * application's handlers. Long-polling uses async servlet requests; WebSocket goes
 * through spring-websocket and the container's JSR 356 support, whose per-session message
 * buffers on Tomcat are sized by {@code socketio.servlet.websocket-buffer-size}.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpServletRequest.class, DispatcherServlet.class, WebSocketHandler.class,
		jakarta.websocket.Session.class })
@ConditionalOnProperty(prefix = "socketio", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(EngineServer.class)
@EnableConfigurationProperties(SocketIoProperties.class)
public final class SocketIoServletAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EngineHandlerMapping socketIoEngineHandlerMapping(ObjectProvider<EngineServer> engineServers,
			ObjectProvider<ClientBundle> clientBundle, ObjectProvider<StaticFiles> staticFiles,
			SocketIoProperties properties, ConfigurableListableBeanFactory beanFactory) {
		// the client bundle under socketio.path, then other files (the Admin UI) under
		// theirs
		List<StaticFiles> files = new ArrayList<>();
		clientBundle.ifUnique((bundle) -> files.add(bundle.files()));
		staticFiles.orderedStream().forEach(files::add);
		EngineHandlerMapping mapping = new EngineHandlerMapping(engineServers.orderedStream().toList(), files);
		Boolean inlineDispatch = properties.getServlet().getInlineDispatch();
		mapping.setInlineDispatch((inlineDispatch != null) ? inlineDispatch : ownExecutor(beanFactory));
		return mapping;
	}

	/**
	 * Whether the listener executor is the starter's own: an application's may decorate
	 * its threads (context propagation), which messages run inline would skip.
	 */
	static boolean ownExecutor(ConfigurableListableBeanFactory beanFactory) {
		String name = SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME;
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		return factoryMethod != null
				&& SocketIoAutoConfiguration.class.getName().equals(factoryMethod.getDeclaringClassName());
	}

	@Bean
	@ConditionalOnMissingBean
	TomcatWebSocketBuffers socketIoTomcatWebSocketBuffers(SocketIoProperties properties,
			ListableBeanFactory beanFactory) {
		return new TomcatWebSocketBuffers(
				(int) Math.min(properties.getServlet().getWebsocketBufferSize().toBytes(), Integer.MAX_VALUE),
				beanFactory);
	}

}
