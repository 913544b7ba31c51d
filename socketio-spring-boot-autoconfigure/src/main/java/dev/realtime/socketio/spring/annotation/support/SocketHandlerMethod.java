package dev.realtime.socketio.spring.annotation.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import dev.realtime.socketio.spring.handler.SocketReturnValueHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.ObjectMapper;

/**
 * An annotated method of a bean, ready to call: each parameter is bound once, at startup,
 * to the resolver supplying it or to its payload position, so that a parameter nothing
 * can resolve fails the startup, not the first event. Calls go through the bean as
 * registered (an AOP proxy stays in the way, for {@code @Transactional} or
 * {@code @PreAuthorize}).
 */
final class SocketHandlerMethod {

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private static final boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Mono",
			SocketHandlerMethod.class.getClassLoader());

	private final Object bean;

	private final Method method;

	private final String description;

	private final Binding[] bindings;

	private final MethodParameter returnType;

	private final SocketReturnValueHandler returnValueHandler;

	private final boolean mayReturnAsync;

	/**
	 * @param bean the bean, or its proxy
	 * @param userMethod the annotated method, as declared on the user class
	 * @param kind the annotation, for messages (e.g. {@code @OnConnect})
	 * @param resolvers the resolvers of the special parameters
	 * @param returnValueHandlers the return value handlers, the first supporting the
	 * return type (its value type, for an asynchronous result) is chosen
	 * @param mapper the mapper converting payload arguments, or {@code null} where a
	 * method takes none
	 * @param validator validates the payload arguments
	 * @throws IllegalStateException naming the method when a parameter cannot be resolved
	 */
	SocketHandlerMethod(Object bean, Method userMethod, String kind, SocketArgumentResolverComposite resolvers,
			List<SocketReturnValueHandler> returnValueHandlers, @Nullable ObjectMapper mapper,
			PayloadValidator validator) {
		this.bean = bean;
		this.description = kind + " method " + describe(userMethod);
		this.method = AopUtils.selectInvocableMethod(userMethod, bean.getClass());
		ReflectionUtils.makeAccessible(this.method);
		this.bindings = new Binding[userMethod.getParameterCount()];
		int position = 0;
		for (int i = 0; i < bindings.length; i++) {
			MethodParameter parameter = new MethodParameter(userMethod, i);
			parameter.initParameterNameDiscovery(parameterNames);
			SocketArgumentResolver resolver = resolvers.resolverFor(parameter);
			if (resolver != null) {
				bindings[i] = (invocation) -> resolver.resolveArgument(parameter, invocation);
			}
			else if (mapper != null) {
				PayloadArgument payload = new PayloadArgument(parameter, position++, mapper, validator);
				bindings[i] = payload::resolve;
			}
			else {
				throw new IllegalStateException(
						"Cannot resolve parameter " + i + " (" + parameter.getParameterType().getSimpleName() + ") of "
								+ description + ": " + kind + " methods take only "
								+ resolvers.resolvers()
									.stream()
									.map(SocketHandlerMethod::supplied)
									.collect(Collectors.joining(", "))
								+ " parameters, not event payloads");
			}
		}
		MethodParameter declared = new MethodParameter(userMethod, -1);
		this.returnType = isAsync(declared.getParameterType()) ? declared.nested() : declared;
		this.mayReturnAsync = mayHold(declared.getParameterType());
		this.returnValueHandler = returnValueHandlers.stream()
			.filter((handler) -> handler.supportsReturnType(returnType))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No return value handler for " + description));
	}

	private static boolean isAsync(Class<?> type) {
		return CompletionStage.class.isAssignableFrom(type)
				|| (reactorPresent && SocketHandlerInvoker.ReactorResults.isMono(type));
	}

	/**
	 * Whether a value of the declared type may be an asynchronous result: an asynchronous
	 * type, or one that a subclass or an implementation could make one ({@code Object},
	 * an interface, a class that is not final); {@code void}, primitives, arrays and
	 * final classes cannot.
	 */
	private static boolean mayHold(Class<?> type) {
		if (isAsync(type)) {
			return true;
		}
		return !type.isPrimitive() && !type.isArray() && !Modifier.isFinal(type.getModifiers());
	}

	private static String supplied(SocketArgumentResolver resolver) {
		String name = resolver.getClass().getSimpleName();
		if (name.equals("CurrentSocketArgumentResolver")) {
			return "Socket";
		}
		return name.endsWith("ArgumentResolver") ? name.substring(0, name.length() - "ArgumentResolver".length())
				: name;
	}

	static String describe(Method method) {
		return ClassUtils.getUserClass(method.getDeclaringClass()).getName() + "#" + method.getName() + "("
				+ Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
				+ ")";
	}

	/**
	 * The method's annotation and name, for messages:
	 * {@code @SocketEvent method com.example.Chat#message(Message)}.
	 */
	String description() {
		return description;
	}

	Object bean() {
		return bean;
	}

	/**
	 * The declared return type; for an asynchronous result, nested to the type of its
	 * value.
	 */
	MethodParameter returnType() {
		return returnType;
	}

	/**
	 * Whether the method may return an asynchronous result ({@code CompletionStage},
	 * {@code Mono}), judged once from its declared return type: when not, the value is
	 * never checked for one.
	 */
	boolean mayReturnAsync() {
		return mayReturnAsync;
	}

	/** The handler chosen at startup for the return type. */
	SocketReturnValueHandler returnValueHandler() {
		return returnValueHandler;
	}

	/** Calls the method, rethrowing what it threw as is. */
	@Nullable Object invoke(SocketInvocation invocation) throws Exception {
		Object[] args = new Object[bindings.length];
		for (int i = 0; i < bindings.length; i++) {
			args[i] = bindings[i].resolve(invocation);
		}
		try {
			return method.invoke(bean, args);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			if (target instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(target);
		}
	}

	@Override
	public String toString() {
		return description;
	}

	@FunctionalInterface
	private interface Binding {

		@Nullable Object resolve(SocketInvocation invocation) throws Exception;

	}

}
