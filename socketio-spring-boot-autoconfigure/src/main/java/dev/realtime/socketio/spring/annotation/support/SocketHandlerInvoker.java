package dev.realtime.socketio.spring.annotation.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.spring.annotation.AckValues;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Calls handler methods and turns the outcome into the acknowledgement: the return value answers
 * the client when it asked for an answer ({@code Object[]} and {@link AckValues} as several
 * arguments, {@code void} as none), asynchronous results ({@code CompletionStage}, Reactor's
 * {@code Mono}) are sent when they complete, without holding a thread; exceptions go to the
 * exception handlers, and an unhandled one is logged and answered with {@link ErrorAck#INTERNAL_ERROR}.
 */
final class SocketHandlerInvoker {

	private static final Log logger = LogFactory.getLog(SocketHandlerInvoker.class);

	private static final boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Mono",
			SocketHandlerInvoker.class.getClassLoader());

	private final SocketExceptionHandling exceptionHandling;

	private final Executor completionExecutor;

	/**
	 * @param completionExecutor runs what follows an asynchronous result (sending the answer,
	 *     exception handlers), so that user code never runs on the thread completing it, which may
	 *     be an I/O thread
	 */
	SocketHandlerInvoker(SocketExceptionHandling exceptionHandling, Executor completionExecutor) {
		this.exceptionHandling = exceptionHandling;
		this.completionExecutor = completionExecutor;
	}

	/** Calls the method and answers the acknowledgement, whatever happens; never throws. */
	void invoke(SocketHandlerMethod handler, SocketInvocation invocation) {
		Object value;
		try {
			value = handler.invoke(invocation);
		}
		catch (Throwable ex) {
			handleException(handler, invocation, ex);
			return;
		}
		reply(handler, value, invocation, (failure) -> handleException(handler, invocation, failure));
	}

	private void reply(SocketHandlerMethod handler, @Nullable Object value, SocketInvocation invocation,
			Consumer<Throwable> onFailure) {
		CompletionStage<?> stage = asStage(value);
		if (stage == null) {
			if (!handler.returnsNothing()) {
				send(invocation.ack(), value);
			}
			return;
		}
		stage.whenCompleteAsync((result, failure) -> {
			if (failure != null) {
				onFailure.accept(unwrap(failure));
			}
			else if (!handler.asyncOfNothing()) {
				send(invocation.ack(), result);
			}
		}, completionExecutor);
	}

	private static @Nullable CompletionStage<?> asStage(@Nullable Object value) {
		if (value instanceof CompletionStage<?> stage) {
			return stage;
		}
		if (reactorPresent) {
			return ReactorResults.asStage(value);
		}
		return null;
	}

	private static void send(@Nullable Ack ack, @Nullable Object value) {
		if (ack == null) {
			return;
		}
		if (value instanceof AckValues values) {
			ack.send(values.toArray());
		}
		else if (value instanceof Object[] values) {
			ack.send(values);
		}
		else {
			ack.send(value);
		}
	}

	private void handleException(SocketHandlerMethod source, SocketInvocation invocation, Throwable exception) {
		if (exception instanceof VirtualMachineError error) {
			throw error;
		}
		ExceptionHandlerMethods.Match match = exceptionHandling.find(source.bean(), exception);
		if (match == null) {
			unhandled(source, invocation, exception);
			return;
		}
		SocketHandlerMethod handler = match.handler();
		try {
			Object value = handler.invoke(invocation.withException(match.exception()));
			reply(handler, value, invocation, (failure) -> unhandled(handler, invocation, failure));
		}
		catch (Throwable ex) {
			ex.addSuppressed(exception);
			unhandled(handler, invocation, ex);
		}
	}

	private static void unhandled(SocketHandlerMethod source, SocketInvocation invocation, Throwable exception) {
		logger.error("Unhandled exception in " + source.description() + " (socket " + invocation.socket().id()
				+ " of namespace " + invocation.socket().namespace().name() + ")", exception);
		send(invocation.ack(), ErrorAck.INTERNAL_ERROR);
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/** Kept apart so that Reactor is only loaded when it is on the classpath. */
	private static final class ReactorResults {

		static @Nullable CompletionStage<?> asStage(@Nullable Object value) {
			if (value instanceof reactor.core.publisher.Mono<?> mono) {
				// toFuture subscribes without blocking; an empty Mono completes with null
				return mono.toFuture();
			}
			return null;
		}
	}
}
