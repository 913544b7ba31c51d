package dev.realtime.socketio.spring.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;

import dev.realtime.socketio.server.Middleware;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAnnotationsAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoOptionsCustomizer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.security.AccessDeniedSocketExceptionHandler;
import dev.realtime.socketio.spring.security.AuthenticationPrincipalSocketArgumentResolver;
import dev.realtime.socketio.spring.security.BearerTokenSocketAuthenticationConverter;
import dev.realtime.socketio.spring.security.SecurityContextSocketInterceptor;
import dev.realtime.socketio.spring.security.SessionEndSocketDisconnector;
import dev.realtime.socketio.spring.security.SocketAuthenticationConverter;
import dev.realtime.socketio.spring.security.SocketAuthenticationManagers;
import dev.realtime.socketio.spring.security.SocketAuthenticationMiddleware;
import dev.realtime.socketio.spring.security.SocketAuthorizationContext;
import dev.realtime.socketio.spring.security.SocketAuthorizationInterceptor;
import dev.realtime.socketio.spring.security.SocketAuthorizationMiddleware;
import dev.realtime.socketio.spring.security.SocketAuthorizationRules;
import dev.realtime.socketio.spring.security.SocketSecurityCounters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.session.HttpSessionEventPublisher;

/**
 * Auto-configuration of the Spring Security integration, when Spring Security is on the
 * classpath:
 * <ul>
 * <li>the engine sessions are bound to the principal of their handshake request
 * ({@code socketio.security.bind-session-principal}, on by default);</li>
 * <li>a namespace CONNECT whose {@code auth} payload carries credentials (read by the
 * {@link SocketAuthenticationConverter} bean, {@code auth.token} with the resource
 * server) is authenticated by the application's {@code AuthenticationManager},
 * {@code ReactiveAuthenticationManager} or {@code JwtDecoder}
 * ({@link SocketAuthenticationManagers});</li>
 * <li>the application's {@link SocketAuthorizationRules} (or any
 * {@code AuthorizationManager<SocketAuthorizationContext>} bean) authorize every CONNECT
 * and event;</li>
 * <li>the {@code SecurityContext} is set around every listener;
 * {@code @AuthenticationPrincipal} resolves in handler methods;
 * {@code AccessDeniedException}s of handler methods answer
 * {@code {"error":"forbidden"}};</li>
 * <li>optionally ({@code socketio.security.disconnect-on-session-end.enabled}), a user's
 * sockets are disconnected when their HTTP session ends.</li>
 * </ul>
 */
@AutoConfiguration(after = { SocketIoAutoConfiguration.class, SocketIoAnnotationsAutoConfiguration.class })
@ConditionalOnClass({ SocketIoServer.class, SecurityContextHolder.class, AuthorizationManager.class })
@ConditionalOnProperty(prefix = "socketio.security", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(SocketIoServer.class)
@EnableConfigurationProperties(SocketIoSecurityProperties.class)
public final class SocketIoSecurityAutoConfiguration {

	/**
	 * Order of the security customizers: before the application's, so that the security
	 * context wraps the other interceptors and the security middlewares run before the
	 * other middlewares.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private static final Log logger = LogFactory.getLog(SocketIoSecurityAutoConfiguration.class);

	private static final ResolvableType SOCKET_AUTHORIZATION_MANAGER = ResolvableType
		.forClassWithGenerics(AuthorizationManager.class, SocketAuthorizationContext.class);

	@Bean
	@ConditionalOnMissingBean
	SocketSecurityCounters socketIoSecurityCounters() {
		return new SocketSecurityCounters();
	}

	@Bean
	@Order(ORDER)
	SocketIoOptionsCustomizer socketIoSecurityOptionsCustomizer(SocketIoSecurityProperties properties,
			ObjectProvider<SecurityContextHolderStrategy> strategy, ListableBeanFactory beanFactory,
			SocketSecurityCounters metrics, ObjectProvider<AuthorizationEventPublisher> eventPublisher) {
		return (options, engine) -> {
			engine.requireSamePrincipal(properties.isBindSessionPrincipal());
			options.interceptor(new SecurityContextSocketInterceptor(
					strategy.getIfAvailable(SecurityContextHolder::getContextHolderStrategy)));
			AuthorizationManager<SocketAuthorizationContext> rules = authorizationManager(beanFactory);
			if (rules != null) {
				options.interceptor(new SocketAuthorizationInterceptor(rules, metrics, eventPublisher.getIfUnique()));
			}
		};
	}

	@Bean
	@Order(ORDER)
	SocketIoServerCustomizer socketIoSecurityServerCustomizer(SocketIoSecurityProperties properties,
			ListableBeanFactory beanFactory, ObjectProvider<SocketAuthenticationConverter> converter,
			SocketSecurityCounters metrics, ObjectProvider<AuthorizationEventPublisher> eventPublisher) {
		return (server) -> {
			List<Middleware> middlewares = new ArrayList<>();
			SocketAuthenticationConverter authenticationConverter = converter.getIfUnique();
			if (authenticationConverter != null) {
				AuthenticationManager manager = SocketAuthenticationManagers.find(beanFactory,
						properties.getAuthenticationTimeout());
				if (manager != null) {
					middlewares.add(new SocketAuthenticationMiddleware(authenticationConverter, manager, metrics));
				}
				else {
					logger.debug("No AuthenticationManager, ReactiveAuthenticationManager or JwtDecoder bean: "
							+ "the CONNECT auth payloads are not authenticated");
				}
			}
			AuthorizationManager<SocketAuthorizationContext> rules = authorizationManager(beanFactory);
			if (rules != null) {
				middlewares.add(new SocketAuthorizationMiddleware(rules, metrics, eventPublisher.getIfUnique()));
			}
			if (middlewares.isEmpty()) {
				return;
			}
			SocketIoOptions.ConnectionStateRecovery recovery = server.options().connectionStateRecovery();
			if (recovery != null && recovery.skipMiddlewares()) {
				logger.warn("Connection state recovery skips the namespace middlewares: a recovered socket is "
						+ "neither authenticated from its CONNECT payload nor authorized; set "
						+ "socketio.connection-state-recovery.skip-middlewares=false");
			}
			useEverywhere(server, middlewares);
		};
	}

	/**
	 * Adds the middlewares to every namespace, those to come and dynamic children
	 * included, ahead of the namespaces' own middlewares.
	 */
	private static void useEverywhere(SocketIoServer server, List<Middleware> middlewares) {
		middlewares.forEach(server::useForEveryNamespace);
	}

	@SuppressWarnings("unchecked")
	private static @Nullable AuthorizationManager<SocketAuthorizationContext> authorizationManager(
			ListableBeanFactory beanFactory) {
		ObjectProvider<AuthorizationManager<SocketAuthorizationContext>> provider = beanFactory
			.getBeanProvider(SOCKET_AUTHORIZATION_MANAGER);
		return provider.getIfUnique();
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationPrincipalSocketArgumentResolver socketIoAuthenticationPrincipalArgumentResolver(
			BeanFactory beanFactory) {
		return new AuthenticationPrincipalSocketArgumentResolver(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	AccessDeniedSocketExceptionHandler socketIoAccessDeniedExceptionHandler() {
		return new AccessDeniedSocketExceptionHandler();
	}

	/** {@code auth.token} as a bearer token, with Spring Security's resource server. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(BearerTokenAuthenticationToken.class)
	static class BearerTokenConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SocketAuthenticationConverter socketIoBearerTokenAuthenticationConverter() {
			return new BearerTokenSocketAuthenticationConverter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "socketio.security.disconnect-on-session-end", name = "enabled")
	static class SessionEndConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionEndSocketDisconnector socketIoSessionEndSocketDisconnector(SocketIoServer server,
				SocketIoSecurityProperties properties) {
			return new SessionEndSocketDisconnector(server, properties.getDisconnectOnSessionEnd().getMatch());
		}

		/**
		 * Servlet containers tell of ended sessions only to listeners; this one publishes
		 * them as events.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		@ConditionalOnClass(HttpSessionEventPublisher.class)
		static class ServletSessionEvents {

			@Bean
			@ConditionalOnMissingBean
			HttpSessionEventPublisher socketIoHttpSessionEventPublisher() {
				return new HttpSessionEventPublisher();
			}

		}

	}

}
