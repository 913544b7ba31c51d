package dev.realtime.socketio.spring.annotation.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.OnDisconnect;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketMiddleware;
import dev.realtime.socketio.spring.handler.SocketReturnValueHandler;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Registers annotated beans on a {@link SocketIoServer}: their handler methods in the
 * tables of the namespaces they name, their exception handlers, the advice beans and the
 * middleware beans, with the argument resolvers and return value handlers in the order
 * {@link SocketAnnotationConfigurer} documents.
 */
final class SocketHandlerRegistry {

	private final SocketIoServer server;

	private final SocketArgumentResolverComposite handlerResolvers;

	private final SocketArgumentResolverComposite exceptionHandlerResolvers;

	private final List<SocketReturnValueHandler> returnValueHandlers;

	private final PayloadValidator validator;

	private final SocketExceptionHandling exceptionHandling = new SocketExceptionHandling();

	private final SocketHandlerInvoker invoker;

	private final Map<NamespaceKey, NamespaceHandlers> namespaces = new LinkedHashMap<>();

	SocketHandlerRegistry(SocketIoServer server, List<SocketArgumentResolver> customResolvers,
			List<SocketReturnValueHandler> customReturnValueHandlers, PayloadValidator validator) {
		this.server = server;
		this.validator = validator;
		this.handlerResolvers = new SocketArgumentResolverComposite(argumentResolvers(false, customResolvers));
		this.exceptionHandlerResolvers = new SocketArgumentResolverComposite(argumentResolvers(true, customResolvers));
		this.returnValueHandlers = returnValueHandlers(customReturnValueHandlers);
		this.invoker = new SocketHandlerInvoker(exceptionHandling);
	}

	/** The resolvers in the order {@link SocketAnnotationConfigurer} documents. */
	static List<SocketArgumentResolver> argumentResolvers(boolean exceptionHandler,
			List<SocketArgumentResolver> custom) {
		List<SocketArgumentResolver> resolvers = new ArrayList<>();
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
		return List.copyOf(resolvers);
	}

	/**
	 * The return value handlers in the order {@link SocketAnnotationConfigurer}
	 * documents.
	 */
	static List<SocketReturnValueHandler> returnValueHandlers(List<SocketReturnValueHandler> custom) {
		List<SocketReturnValueHandler> handlers = new ArrayList<>();
		handlers.add(new VoidReturnValueHandler());
		handlers.addAll(custom);
		// the catch-all, last
		handlers.add(new AckReturnValueHandler());
		return List.copyOf(handlers);
	}

	/** Registers the exception handlers of a {@code @SocketControllerAdvice} bean. */
	void registerAdvice(Object bean, Class<?> userClass) {
		exceptionHandling.addAdvice(bean, exceptionHandlers(bean, userClass));
	}

	/**
	 * Registers the handler methods and exception handlers of a bean.
	 * @throws IllegalStateException naming the method, for a duplicate event in a
	 * namespace, a reserved event name or a parameter nothing can resolve
	 */
	void registerHandlers(Object bean, Class<?> userClass) {
		NamespaceKey classKey = NamespaceKey
			.of(AnnotatedElementUtils.findMergedAnnotation(userClass, SocketNamespace.class), userClass.getName());
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
			if (!StringUtils.hasText(event.value())) {
				throw new IllegalStateException(
						"@SocketEvent on " + SocketHandlerMethod.describe(method) + " names no event");
			}
			NamespaceKey key = StringUtils.hasText(event.namespace()) ? NamespaceKey.named(event.namespace())
					: classKey;
			namespace(key).addEvent(event.value(), handlerMethod(bean, method, "@SocketEvent", handlerResolvers, true));
		}
		if (AnnotatedElementUtils.hasAnnotation(method, OnConnect.class)) {
			namespace(classKey).addConnect(handlerMethod(bean, method, "@OnConnect", handlerResolvers, false));
		}
		if (AnnotatedElementUtils.hasAnnotation(method, OnDisconnect.class)) {
			namespace(classKey).addDisconnect(handlerMethod(bean, method, "@OnDisconnect", handlerResolvers, false));
		}
	}

	private SocketHandlerMethod handlerMethod(Object bean, Method method, String kind,
			SocketArgumentResolverComposite resolvers, boolean takesPayload) {
		return new SocketHandlerMethod(bean, method, kind, resolvers, returnValueHandlers,
				takesPayload ? server.mapper() : null, validator);
	}

	private ExceptionHandlerMethods exceptionHandlers(Object bean, Class<?> userClass) {
		return ExceptionHandlerMethods.of(userClass,
				(method) -> handlerMethod(bean, method, "@SocketExceptionHandler", exceptionHandlerResolvers, false));
	}

	/** Adds a middleware to the namespace, after those added before. */
	void registerMiddleware(NamespaceKey key, SocketMiddleware middleware) {
		namespace(key).namespace().use(middleware);
	}

	private NamespaceHandlers namespace(NamespaceKey key) {
		return namespaces.computeIfAbsent(key, (created) -> {
			Namespace namespace = created.pattern() ? server.of(Pattern.compile(created.value()))
					: server.of(created.value());
			return new NamespaceHandlers(created, namespace, invoker);
		});
	}

}
