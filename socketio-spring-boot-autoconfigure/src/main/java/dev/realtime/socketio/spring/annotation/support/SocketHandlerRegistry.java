package dev.realtime.socketio.spring.annotation.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.OnDisconnect;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketMiddleware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Registers annotated beans on a {@link SocketIoServer}: their handler methods on the namespaces
 * they name, their exception handlers, the advice beans and the middleware beans.
 *
 * <p>The argument resolvers, asked in this order: {@code Socket}, {@code Namespace},
 * {@code SocketIoServer}, {@code Handshake}, {@code Principal}, {@code Ack}, {@code DisconnectReason},
 * {@code EventArgs}, the exception (exception handlers only), then the {@link SocketArgumentResolver}
 * beans; every other parameter of an event method is a payload argument, bound by position.
 */
final class SocketHandlerRegistry {

	private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
			"disconnecting", "newListener", "removeListener");

	private final SocketIoServer server;

	private final SocketArgumentResolverComposite handlerResolvers;

	private final SocketArgumentResolverComposite exceptionHandlerResolvers;

	private final PayloadValidator validator;

	private final SocketExceptionHandling exceptionHandling = new SocketExceptionHandling();

	private final SocketHandlerInvoker invoker;

	private final Map<NamespaceKey, NamespaceHandlers> namespaces = new LinkedHashMap<>();

	SocketHandlerRegistry(SocketIoServer server, List<SocketArgumentResolver> customResolvers, PayloadValidator validator) {
		this.server = server;
		this.validator = validator;
		this.handlerResolvers = new SocketArgumentResolverComposite(resolvers(false, customResolvers));
		this.exceptionHandlerResolvers = new SocketArgumentResolverComposite(resolvers(true, customResolvers));
		this.invoker = new SocketHandlerInvoker(exceptionHandling);
	}

	private static List<SocketArgumentResolver> resolvers(boolean exceptionHandler, List<SocketArgumentResolver> custom) {
		List<SocketArgumentResolver> resolvers = new ArrayList<>();
		// type-based, in the documented order
		resolvers.add(new CurrentSocketArgumentResolver());
		resolvers.add(new NamespaceArgumentResolver());
		resolvers.add(new ServerArgumentResolver());
		resolvers.add(new HandshakeArgumentResolver());
		resolvers.add(new PrincipalArgumentResolver());
		resolvers.add(new AckArgumentResolver());
		resolvers.add(new DisconnectReasonArgumentResolver());
		resolvers.add(new EventArgsArgumentResolver());
		if (exceptionHandler) {
			resolvers.add(new ExceptionArgumentResolver());
		}
		// the application's, before the payload takes all the rest by position
		resolvers.addAll(custom);
		return resolvers;
	}

	SocketArgumentResolverComposite handlerResolvers() {
		return handlerResolvers;
	}

	/** Registers the exception handlers of a {@code @SocketControllerAdvice} bean. */
	void registerAdvice(Object bean, Class<?> userClass) {
		exceptionHandling.addAdvice(bean, exceptionHandlers(bean, userClass));
	}

	/**
	 * Registers the handler methods and exception handlers of a bean.
	 *
	 * @throws IllegalStateException naming the method, for a duplicate event in a namespace, a
	 *     reserved event name or a parameter nothing can resolve
	 */
	synchronized void registerHandlers(Object bean, Class<?> userClass) {
		NamespaceKey classKey = NamespaceKey.of(AnnotatedElementUtils.findMergedAnnotation(userClass, SocketNamespace.class),
				userClass.getName());
		exceptionHandling.addBean(bean, exceptionHandlers(bean, userClass));
		Map<Method, Boolean> methods = MethodIntrospector.selectMethods(userClass,
				(MethodIntrospector.MetadataLookup<Boolean>) (method) -> isHandlerMethod(method) ? Boolean.TRUE : null);
		methods.keySet().forEach((method) -> registerMethod(bean, method, classKey));
	}

	static boolean isHandlerMethod(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, SocketEvent.class)
				|| AnnotatedElementUtils.hasAnnotation(method, OnConnect.class)
				|| AnnotatedElementUtils.hasAnnotation(method, OnDisconnect.class);
	}

	private void registerMethod(Object bean, Method method, NamespaceKey classKey) {
		SocketEvent event = AnnotatedElementUtils.findMergedAnnotation(method, SocketEvent.class);
		if (event != null) {
			if (RESERVED_EVENTS.contains(event.value()) || !StringUtils.hasText(event.value())) {
				throw new IllegalStateException("@SocketEvent(\"" + event.value() + "\") on "
						+ SocketHandlerMethod.describe(method) + " is not a valid event name: the reserved names are "
						+ RESERVED_EVENTS + "; use @OnConnect and @OnDisconnect");
			}
			NamespaceKey key = StringUtils.hasText(event.namespace()) ? NamespaceKey.named(event.namespace()) : classKey;
			namespace(key).addEvent(event.value(),
					new SocketHandlerMethod(bean, method, "@SocketEvent", handlerResolvers, server.mapper(), validator));
		}
		if (AnnotatedElementUtils.hasAnnotation(method, OnConnect.class)) {
			namespace(classKey).addConnect(new SocketHandlerMethod(bean, method, "@OnConnect", handlerResolvers, null, validator));
		}
		if (AnnotatedElementUtils.hasAnnotation(method, OnDisconnect.class)) {
			namespace(classKey)
				.addDisconnect(new SocketHandlerMethod(bean, method, "@OnDisconnect", handlerResolvers, null, validator));
		}
	}

	private ExceptionHandlerMethods exceptionHandlers(Object bean, Class<?> userClass) {
		return ExceptionHandlerMethods.of(userClass, (method) -> new SocketHandlerMethod(bean, method,
				"@SocketExceptionHandler", exceptionHandlerResolvers, null, validator));
	}

	/** Adds a middleware to the namespace, after those added before. */
	synchronized void registerMiddleware(NamespaceKey key, SocketMiddleware middleware) {
		namespace(key).namespace().use(middleware);
	}

	private NamespaceHandlers namespace(NamespaceKey key) {
		return namespaces.computeIfAbsent(key, (created) -> {
			Namespace namespace = created.pattern() ? server.of(Pattern.compile(created.value())) : server.of(created.value());
			return new NamespaceHandlers(created, namespace, invoker);
		});
	}
}
