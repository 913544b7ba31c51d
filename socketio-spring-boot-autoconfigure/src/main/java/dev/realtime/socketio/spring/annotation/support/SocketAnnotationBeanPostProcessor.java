package dev.realtime.socketio.spring.annotation.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.OnDisconnect;
import dev.realtime.socketio.spring.annotation.SocketControllerAdvice;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.handler.ErrorAck;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketMiddleware;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Finds the beans with {@link SocketEvent}, {@link OnConnect}, {@link OnDisconnect} or
 * {@link SocketExceptionHandler} methods, and the {@link SocketControllerAdvice} beans, and registers
 * them on the {@link SocketIoServer} bean once every singleton exists (before the web server starts
 * accepting connections), with the {@link SocketMiddleware} beans. AOP proxies are looked through
 * for the annotations and called through for the invocation. Beans created later (lazy ones) are
 * registered when they are created.
 *
 * <p>Startup fails, naming the method, for a duplicate event in one namespace, a reserved event
 * name, or a parameter nothing can resolve.
 *
 * <p>Arguments, in this order: {@code Socket}, {@code Namespace}, {@code SocketIoServer},
 * {@code Handshake}, {@code Principal} (the handshake's), {@code Ack} (the client's callback, for
 * answering later), {@code DisconnectReason}, {@code EventArgs}, the exception (in exception
 * handlers), the {@link SocketArgumentResolver} beans in {@code @Order}; then the payload: each
 * remaining parameter of an event method takes the next event argument by position, converted by
 * Jackson to its declared type ({@code @Valid} ones validated when a Jakarta {@code Validator} bean
 * exists).
 *
 * <p>Return value: sent as the acknowledgement when the client asked for one ({@code Object[]} and
 * {@code AckValues} as several arguments); {@code void} sends none; {@code CompletionStage} and
 * {@code Mono} are sent when they complete.
 *
 * <p>Exceptions: the bean's {@code @SocketExceptionHandler} methods, then the advice beans', the
 * closest exception type winning; the handler's return value is the acknowledgement. An unhandled
 * exception is logged and, when the client asked for an acknowledgement, answered with
 * {@code {"error":"internal_error","message":"An internal error occurred"}} ({@link ErrorAck}).
 */
public class SocketAnnotationBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, Ordered {

	private static final Log logger = LogFactory.getLog(SocketAnnotationBeanPostProcessor.class);

	private static final String SCOPED_TARGET_NAME_PREFIX = "scopedTarget.";

	private static final boolean validationPresent = ClassUtils.isPresent("jakarta.validation.Validator",
			SocketAnnotationBeanPostProcessor.class.getClassLoader());

	private static final List<Class<? extends java.lang.annotation.Annotation>> ANNOTATIONS = List.of(SocketEvent.class,
			OnConnect.class, OnDisconnect.class, SocketExceptionHandler.class, SocketControllerAdvice.class);

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private final List<Detected> pending = new ArrayList<>();

	private @Nullable ListableBeanFactory beanFactory;


	private @Nullable SocketHandlerRegistry registry;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ListableBeanFactory.class, beanFactory, "a ListableBeanFactory is needed");
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	/** Last, so that the bean seen is the final proxy. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof AopInfrastructureBean || beanName.startsWith(SCOPED_TARGET_NAME_PREFIX)) {
			return bean;
		}
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		if (nonAnnotatedClasses.contains(targetClass)) {
			return bean;
		}
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		boolean advice = AnnotationUtils.isCandidateClass(userClass, ANNOTATIONS)
				&& AnnotatedElementUtils.hasAnnotation(userClass, SocketControllerAdvice.class);
		boolean handlers = !advice && AnnotationUtils.isCandidateClass(userClass, ANNOTATIONS) && hasHandlerMethods(userClass);
		if (!advice && !handlers) {
			nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		Detected detected = new Detected(beanName, bean, userClass, advice);
		synchronized (this) {
			if (registry == null) {
				pending.add(detected);
				return bean;
			}
		}
		register(registry, detected);
		return bean;
	}

	private static boolean hasHandlerMethods(Class<?> userClass) {
		return !MethodIntrospector.selectMethods(userClass, (MethodIntrospector.MetadataLookup<Boolean>) (method) -> {
			boolean annotated = SocketHandlerRegistry.isHandlerMethod(method)
					|| AnnotatedElementUtils.hasAnnotation(method, SocketExceptionHandler.class);
			return annotated ? Boolean.TRUE : null;
		}).isEmpty();
	}

	@Override
	public void afterSingletonsInstantiated() {
		ListableBeanFactory factory = this.beanFactory;
		Assert.state(factory != null, "No BeanFactory");
		SocketIoServer server = factory.getBeanProvider(SocketIoServer.class).getIfUnique();
		List<Detected> detected;
		synchronized (this) {
			detected = List.copyOf(pending);
			pending.clear();
		}
		if (server == null) {
			if (!detected.isEmpty()) {
				logger.warn("No unique SocketIoServer bean: the annotated Socket.IO handlers of " + detected.stream()
					.map(Detected::beanName)
					.toList() + " are not registered");
			}
			return;
		}
		SocketHandlerRegistry created = new SocketHandlerRegistry(server,
				factory.getBeanProvider(SocketArgumentResolver.class).orderedStream().toList(), validator(factory));
		// the exposed singleton, in case a post-processor ordered after this one wrapped it in a proxy
		List<Detected> exposed = detected.stream().map((bean) -> bean.exposedBy(factory)).toList();
		// advice first, so that every handler bean sees them
		exposed.stream().filter(Detected::advice).forEach((bean) -> register(created, bean));
		exposed.stream().filter((bean) -> !bean.advice()).forEach((bean) -> register(created, bean));
		registerMiddlewares(factory, created);
		synchronized (this) {
			registry = created;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Registered " + detected.size() + " annotated Socket.IO bean(s)");
		}
	}

	private static void register(SocketHandlerRegistry registry, Detected detected) {
		if (detected.advice()) {
			registry.registerAdvice(detected.bean(), detected.userClass());
		}
		else {
			registry.registerHandlers(detected.bean(), detected.userClass());
		}
	}

	private static void registerMiddlewares(ListableBeanFactory factory, SocketHandlerRegistry registry) {
		Map<String, SocketMiddleware> byName = factory.getBeansOfType(SocketMiddleware.class);
		factory.getBeanProvider(SocketMiddleware.class).orderedStream().forEach((middleware) -> {
			String name = byName.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == middleware)
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(null);
			SocketNamespace namespace = (name != null) ? factory.findAnnotationOnBean(name, SocketNamespace.class) : null;
			registry.registerMiddleware(NamespaceKey.of(namespace, "bean '" + name + "'"), middleware);
		});
	}

	private PayloadValidator validator(ListableBeanFactory factory) {
		return validationPresent ? JakartaValidation.validator(factory) : PayloadValidator.NONE;
	}

	private record Detected(String beanName, Object bean, Class<?> userClass, boolean advice) {

		Detected exposedBy(ListableBeanFactory factory) {
			if (!factory.containsBean(beanName) || !factory.isSingleton(beanName)) {
				return this;
			}
			Object exposed = factory.getBean(beanName);
			boolean sameTarget = AopProxyUtils.ultimateTargetClass(exposed) == AopProxyUtils.ultimateTargetClass(bean);
			return sameTarget ? new Detected(beanName, exposed, userClass, advice) : this;
		}
	}

	/** Kept apart so that Jakarta Validation is only loaded when it is on the classpath. */
	private static final class JakartaValidation {

		static PayloadValidator validator(ListableBeanFactory factory) {
			jakarta.validation.Validator validator = factory.getBeanProvider(jakarta.validation.Validator.class).getIfUnique();
			return (validator != null) ? new JakartaPayloadValidator(validator) : PayloadValidator.NONE;
		}
	}
}
