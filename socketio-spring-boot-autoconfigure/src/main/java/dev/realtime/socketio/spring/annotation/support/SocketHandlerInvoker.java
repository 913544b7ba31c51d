package dev.realtime.socketio.spring.annotation.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import dev.realtime.socketio.spring.handler.ErrorAck;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import dev.realtime.socketio.spring.handler.SocketPayloadException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Calls handler methods and hands the outcome to the method's return value handler:
 * asynchronous results ({@code CompletionStage}, Reactor's {@code Mono}) once they
 * complete, without holding a thread; exceptions go to the exception handlers. An
 * unhandled {@link SocketPayloadException} (the client's bad payload) is answered with
 * {@link ErrorAck#badRequest} and logged in one line at DEBUG; any other unhandled
 * exception is logged as an error and answered with {@link ErrorAck#INTERNAL_ERROR}.
 *
 * <p>
 * What follows an asynchronous result (the answer, an exception handler) runs through
 * {@link dev.realtime.socketio.server.Socket#execute}: on the socket's ordered executor,
 * never at the same time as its next event, inside the interceptors (so with the socket's
 * security context), never on the thread that completed the result, which may be an I/O
 * thread.
 */
final class SocketHandlerInvoker {

	private static final Log logger = LogFactory.getLog(SocketHandlerInvoker.class);

	private static final boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Mono",
			SocketHandlerInvoker.class.getClassLoader());

	private final SocketExceptionHandling exceptionHandling;

	SocketHandlerInvoker(SocketExceptionHandling exceptionHandling) {
		this.exceptionHandling = exceptionHandling;
	}

	/**
	 * Calls the method and answers the acknowledgement, whatever happens; never throws.
	 */
	void invoke(SocketHandlerMethod handler, SocketInvocation invocation) {
		Object value;
		try {
			value = handler.invoke(invocation);
		}
		catch (Throwable ex) {
			handleException(handler, invocation, ex);
			return;
		}
		CompletionStage<?> stage = handler.mayReturnAsync() ? asStage(value) : null;
		if (stage == null) {
			// the common case, without the failure callback's object
			try {
				handler.returnValueHandler().handleReturnValue(value, handler.returnType(), invocation);
			}
			catch (Throwable ex) {
				handleException(handler, invocation, ex);
			}
			return;
		}
		whenComplete(handler, stage, invocation, (failure) -> handleException(handler, invocation, failure));
	}

	private void reply(SocketHandlerMethod handler, @Nullable Object value, SocketInvocation invocation,
			Consumer<Throwable> onFailure) {
		CompletionStage<?> stage = asStage(value);
		if (stage == null) {
			handleReturnValue(handler, value, invocation, onFailure);
			return;
		}
		whenComplete(handler, stage, invocation, onFailure);
	}

	private static void whenComplete(SocketHandlerMethod handler, CompletionStage<?> stage, SocketInvocation invocation,
			Consumer<Throwable> onFailure) {
		stage.whenComplete((result, failure) -> invocation.socket().execute(() -> {
			if (failure != null) {
				onFailure.accept(unwrap(failure));
			}
			else {
				handleReturnValue(handler, result, invocation, onFailure);
			}
		}));
	}

	private static void handleReturnValue(SocketHandlerMethod handler, @Nullable Object value,
			SocketInvocation invocation, Consumer<Throwable> onFailure) {
		try {
			handler.returnValueHandler().handleReturnValue(value, handler.returnType(), invocation);
		}
		catch (Throwable ex) {
			onFailure.accept(ex);
		}
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
		if (exception instanceof SocketPayloadException badPayload) {
			// the client's error: one line, no stack trace, so that a client cannot fill
			// the logs
			if (logger.isDebugEnabled()) {
				logger.debug("Bad payload for " + source.description() + " (socket " + invocation.socket().id()
						+ " of namespace " + invocation.socket().namespace().name() + "): " + badPayload.getMessage());
			}
			AckReturnValueHandler.send(invocation.ack(), ErrorAck.badRequest(badPayload.getMessage()));
			return;
		}
		logger.error("Unhandled exception in " + source.description() + " (socket " + invocation.socket().id()
				+ " of namespace " + invocation.socket().namespace().name() + ")", exception);
		AckReturnValueHandler.send(invocation.ack(), ErrorAck.INTERNAL_ERROR);
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
	static final class ReactorResults {

		static @Nullable CompletionStage<?> asStage(@Nullable Object value) {
			if (value instanceof reactor.core.publisher.Mono<?> mono) {
				// toFuture subscribes without blocking; an empty Mono completes with null
				return mono.toFuture();
			}
			return null;
		}

		static boolean isMono(Class<?> type) {
			return reactor.core.publisher.Mono.class.isAssignableFrom(type);
		}

	}

}
