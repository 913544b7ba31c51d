package dev.realtime.socketio.spring.annotation.support;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.OnDisconnect;
import dev.realtime.socketio.spring.annotation.SocketControllerAdvice;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketMiddleware;
import dev.realtime.socketio.spring.handler.SocketReturnValueHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The annotation programming model, as one bean: finds the beans with
 * {@link SocketEvent}, {@link OnConnect}, {@link OnDisconnect} or
 * {@link SocketExceptionHandler} methods, the {@link SocketControllerAdvice} beans and
 * the {@link SocketMiddleware} beans once every singleton exists (before the web server
 * accepts connections), and registers them on the {@link SocketIoServer}: each event
 * method becomes one entry in its namespace's table ({@code Namespace.onEvent}), so
 * nothing is registered per socket at connect. AOP proxies are looked through for the
 * annotations and called through.
 *
 * <p>
 * Auto-configured with the {@link SocketArgumentResolver} and
 * {@link SocketReturnValueHandler} beans; a {@code SocketAnnotationConfigurerCustomizer}
 * bean can add more, or define your own bean of this type.
 *
 * <p>
 * <b>Arguments</b> of handler methods: each parameter is bound once, at startup, to the
 * first of these that supplies it:
 * <ol>
 * <li>{@code Socket}: the socket the call concerns;
 * <li>{@code Namespace}: its namespace (the child, for dynamic namespaces);
 * <li>{@code SocketIoServer}: the server;
 * <li>{@code Handshake}: how the socket's client connected;
 * <li>{@code Principal} (and subtypes such as {@code Authentication}): the socket's
 * principal, or {@code null};
 * <li>{@code Ack}: the client's callback, {@code null} when it asked for none, for
 * answering later;
 * <li>{@code DisconnectReason}: why the socket left, in {@code @OnDisconnect} methods;
 * <li>{@code EventArgs}: every argument of the event as received;
 * <li>a {@code Throwable} type: the exception, in {@code @SocketExceptionHandler}
 * methods;
 * <li>the custom {@link SocketArgumentResolver}s, in the order they were added
 * ({@code @Order} for beans; Spring Security adds {@code @AuthenticationPrincipal} here);
 * <li>otherwise, in {@code @SocketEvent} methods only, the payload: the first such
 * parameter takes the event's first argument, the next the second, and so on, converted
 * by Jackson to the declared type, then validated when {@code @Valid} (or
 * {@code @Validated}) and a Jakarta {@code Validator} bean exists. A missing argument is
 * {@code null}; one that does not convert throws {@code SocketPayloadBindingException},
 * an invalid one {@code SocketPayloadValidationException}.
 * </ol>
 * A parameter nothing supplies fails the startup, naming the method.
 *
 * <p>
 * <b>Return values</b>, by the first handler that supports the declared type (for
 * {@code CompletionStage<T>} and Reactor's {@code Mono<T>}, the type {@code T}, handled
 * once the value is available, on the socket's ordered executor and inside its
 * interceptors):
 * <ol>
 * <li>{@code void} / {@code Void}: no answer;
 * <li>the custom {@link SocketReturnValueHandler}s, in the order they were added;
 * <li>anything else: sent as the acknowledgement when the client asked for one,
 * {@code Object[]} and {@code AckValues} as several arguments.
 * </ol>
 *
 * <p>
 * <b>Exceptions</b>: the bean's {@code @SocketExceptionHandler} methods, then the advice
 * beans' in {@code @Order}, the closest exception type winning (then the exception's
 * causes); the handler's return value is the answer. Unhandled, a
 * {@code SocketPayloadException} answers {@code {"error":"bad_request","message":…}} and
 * logs one DEBUG line; any other exception is logged as an error and answers
 * {@code ErrorAck.INTERNAL_ERROR}.
 */
public class SocketAnnotationConfigurer implements ApplicationContextAware, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(SocketAnnotationConfigurer.class);

	private static final boolean validationPresent = ClassUtils.isPresent("jakarta.validation.Validator",
			SocketAnnotationConfigurer.class.getClassLoader());

	private static final List<Class<? extends java.lang.annotation.Annotation>> ANNOTATIONS = List.of(SocketEvent.class,
			OnConnect.class, OnDisconnect.class, SocketExceptionHandler.class, SocketControllerAdvice.class);

	private final SocketIoServer server;

	private final List<SocketArgumentResolver> customArgumentResolvers = new ArrayList<>();

	private final List<SocketReturnValueHandler> customReturnValueHandlers = new ArrayList<>();

	private @Nullable ApplicationContext context;

	private @Nullable SocketHandlerRegistry registry;

	public SocketAnnotationConfigurer(SocketIoServer server) {
		this.server = server;
	}

	/** Adds a resolver, asked after the built-in ones and those added before. */
	public void addArgumentResolver(SocketArgumentResolver resolver) {
		Assert.state(registry == null, "Handlers are already registered");
		customArgumentResolvers.add(resolver);
	}

	/**
	 * Adds a return value handler, asked after the one of {@code void} and those added
	 * before.
	 */
	public void addReturnValueHandler(SocketReturnValueHandler handler) {
		Assert.state(registry == null, "Handlers are already registered");
		customReturnValueHandlers.add(handler);
	}

	/**
	 * Every argument resolver, in the order they are asked (the payload binding aside).
	 */
	public List<SocketArgumentResolver> getArgumentResolvers() {
		return SocketHandlerRegistry.argumentResolvers(false, customArgumentResolvers);
	}

	/** Every return value handler, in the order they are asked. */
	public List<SocketReturnValueHandler> getReturnValueHandlers() {
		return SocketHandlerRegistry.returnValueHandlers(customReturnValueHandlers);
	}

	@Override
	public void setApplicationContext(ApplicationContext context) throws BeansException {
		this.context = context;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ApplicationContext context = this.context;
		Assert.state(context != null, "No ApplicationContext");
		SocketHandlerRegistry created = new SocketHandlerRegistry(server, customArgumentResolvers,
				customReturnValueHandlers, validator(context));
		List<Detected> detected = detect(context);
		// advice first, so that every handler bean sees them
		detected.stream()
			.filter(Detected::advice)
			.forEach((bean) -> created.registerAdvice(bean.bean(), bean.userClass()));
		detected.stream()
			.filter((bean) -> !bean.advice())
			.forEach((bean) -> created.registerHandlers(bean.bean(), bean.userClass()));
		registerMiddlewares(context, created);
		registry = created;
		if (logger.isDebugEnabled()) {
			logger.debug("Registered " + detected.size() + " annotated Socket.IO bean(s)");
		}
	}

	private static List<Detected> detect(ApplicationContext context) {
		List<Detected> detected = new ArrayList<>();
		for (String name : context.getBeanNamesForType(Object.class)) {
			if (ScopedProxyUtils.isScopedTarget(name)) {
				continue;
			}
			Class<?> type = context.getType(name);
			if (type == null) {
				continue;
			}
			Object bean = null;
			if (Proxy.isProxyClass(type)) {
				// an interface-based proxy hides the annotations of its target
				bean = context.getBean(name);
				type = AopProxyUtils.ultimateTargetClass(bean);
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			if (!AnnotationUtils.isCandidateClass(userClass, ANNOTATIONS)) {
				continue;
			}
			boolean advice = AnnotatedElementUtils.hasAnnotation(userClass, SocketControllerAdvice.class);
			if (advice || hasHandlerMethods(userClass)) {
				detected.add(new Detected((bean != null) ? bean : context.getBean(name), userClass, advice));
			}
		}
		return detected;
	}

	private static boolean hasHandlerMethods(Class<?> userClass) {
		return !MethodIntrospector.selectMethods(userClass, (MethodIntrospector.MetadataLookup<Boolean>) (method) -> {
			boolean annotated = SocketHandlerRegistry.isHandlerMethod(method)
					|| AnnotatedElementUtils.hasAnnotation(method, SocketExceptionHandler.class);
			return annotated ? Boolean.TRUE : null;
		}).isEmpty();
	}

	private static void registerMiddlewares(ApplicationContext context, SocketHandlerRegistry registry) {
		Map<String, SocketMiddleware> byName = context.getBeansOfType(SocketMiddleware.class);
		context.getBeanProvider(SocketMiddleware.class).orderedStream().forEach((middleware) -> {
			String name = byName.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == middleware)
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(null);
			SocketNamespace namespace = (name != null) ? context.findAnnotationOnBean(name, SocketNamespace.class)
					: null;
			registry.registerMiddleware(NamespaceKey.of(namespace, "bean '" + name + "'"), middleware);
		});
	}

	private static PayloadValidator validator(ApplicationContext context) {
		return validationPresent ? JakartaValidation.validator(context) : PayloadValidator.NONE;
	}

	private record Detected(Object bean, Class<?> userClass, boolean advice) {
	}

	/**
	 * Kept apart so that Jakarta Validation is only loaded when it is on the classpath.
	 */
	private static final class JakartaValidation {

		static PayloadValidator validator(ApplicationContext context) {
			jakarta.validation.Validator validator = context.getBeanProvider(jakarta.validation.Validator.class)
				.getIfUnique();
			return (validator != null) ? new JakartaPayloadValidator(validator) : PayloadValidator.NONE;
		}

	}

}
