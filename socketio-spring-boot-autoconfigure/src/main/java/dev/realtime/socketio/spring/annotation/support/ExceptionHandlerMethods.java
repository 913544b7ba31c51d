package dev.realtime.socketio.spring.annotation.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The {@link SocketExceptionHandler} methods of one bean, by the exception types they
 * handle. The handler declaring the closest superclass of the exception wins; when none
 * matches the exception, its causes are tried in turn.
 */
final class ExceptionHandlerMethods {

	private final Map<Class<? extends Throwable>, SocketHandlerMethod> handlers;

	private ExceptionHandlerMethods(Map<Class<? extends Throwable>, SocketHandlerMethod> handlers) {
		this.handlers = handlers;
	}

	/**
	 * The exception handlers of a bean.
	 * @param factory makes a handler method of the bean's annotated method
	 * @throws IllegalStateException when two methods handle the same type, or a method
	 * names none
	 */
	static ExceptionHandlerMethods of(Class<?> userClass, Function<Method, SocketHandlerMethod> factory) {
		Map<Method, SocketExceptionHandler> methods = MethodIntrospector.selectMethods(userClass,
				(MethodIntrospector.MetadataLookup<SocketExceptionHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, SocketExceptionHandler.class));
		Map<Class<? extends Throwable>, SocketHandlerMethod> handlers = new LinkedHashMap<>();
		methods.forEach((method, annotation) -> {
			SocketHandlerMethod handler = factory.apply(method);
			for (Class<? extends Throwable> type : handledTypes(method, annotation)) {
				SocketHandlerMethod existing = handlers.putIfAbsent(type, handler);
				if (existing != null) {
					throw new IllegalStateException("Ambiguous @SocketExceptionHandler for " + type.getName() + ": "
							+ existing.description() + " and " + handler.description());
				}
			}
		});
		return new ExceptionHandlerMethods(handlers);
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Throwable>> handledTypes(Method method, SocketExceptionHandler annotation) {
		List<Class<? extends Throwable>> types = new ArrayList<>(List.of(annotation.value()));
		if (types.isEmpty()) {
			for (Class<?> parameterType : method.getParameterTypes()) {
				if (Throwable.class.isAssignableFrom(parameterType)) {
					types.add((Class<? extends Throwable>) parameterType);
				}
			}
		}
		if (types.isEmpty()) {
			throw new IllegalStateException("@SocketExceptionHandler method " + SocketHandlerMethod.describe(method)
					+ " names no exception type: list them in the annotation or declare an exception parameter");
		}
		return types;
	}

	boolean isEmpty() {
		return handlers.isEmpty();
	}

	/**
	 * The handler for the exception or, failing that, for one of its causes; {@code null}
	 * if none.
	 */
	@Nullable Match find(Throwable exception) {
		for (Throwable candidate = exception; candidate != null; candidate = nextCause(candidate)) {
			List<Class<? extends Throwable>> matching = new ArrayList<>();
			for (Class<? extends Throwable> type : handlers.keySet()) {
				if (type.isInstance(candidate)) {
					matching.add(type);
				}
			}
			if (!matching.isEmpty()) {
				Class<? extends Throwable> closest = ExceptionDepthComparator.findClosestMatch(matching, candidate);
				return new Match(handlers.get(closest), candidate);
			}
		}
		return null;
	}

	private static @Nullable Throwable nextCause(Throwable exception) {
		Throwable cause = exception.getCause();
		return (cause != exception) ? cause : null;
	}

	/** An exception handler and the exception (or cause) it matched. */
	record Match(SocketHandlerMethod handler, Throwable exception) {
	}

}
