package dev.realtime.socketio.spring.annotation.support;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * Finds the exception handler for an exception thrown by a handler method: the bean's own
 * {@code @SocketExceptionHandler} methods first, then those of the
 * {@code @SocketControllerAdvice} beans in their order.
 */
final class SocketExceptionHandling {

	private final Map<Object, ExceptionHandlerMethods> byBean = new IdentityHashMap<>();

	private volatile List<Advice> advice = List.of();

	synchronized void addBean(Object bean, ExceptionHandlerMethods handlers) {
		if (!handlers.isEmpty()) {
			byBean.put(bean, handlers);
		}
	}

	synchronized void addAdvice(Object bean, ExceptionHandlerMethods handlers) {
		if (handlers.isEmpty()) {
			return;
		}
		List<Advice> all = new ArrayList<>(advice);
		all.add(new Advice(bean, handlers));
		// advice beans arrive in creation order, which says nothing of their @Order
		all.sort((a, b) -> AnnotationAwareOrderComparator.INSTANCE.compare(a.bean(), b.bean()));
		advice = List.copyOf(all);
	}

	/**
	 * The handler for an exception thrown by a method of {@code bean}, or {@code null}.
	 */
	ExceptionHandlerMethods.@Nullable Match find(Object bean, Throwable exception) {
		ExceptionHandlerMethods own;
		synchronized (this) {
			own = byBean.get(bean);
		}
		if (own != null) {
			ExceptionHandlerMethods.Match match = own.find(exception);
			if (match != null) {
				return match;
			}
		}
		for (Advice candidate : advice) {
			ExceptionHandlerMethods.Match match = candidate.handlers().find(exception);
			if (match != null) {
				return match;
			}
		}
		return null;
	}

	private record Advice(Object bean, ExceptionHandlerMethods handlers) {
	}

}
