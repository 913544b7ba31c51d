package dev.realtime.socketio.spring.security;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketInterceptor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Sets the {@code SecurityContext} of the socket's user
 * ({@link SocketAuthentications#of}) around every event dispatch and every connection,
 * disconnection and acknowledgement listener, annotated or programmatic, and puts back
 * what the thread had before; so {@code SecurityContextHolder}, {@code @PreAuthorize} and
 * the other method security annotations work in handlers.
 *
 * <p>
 * Work that completes later sees it when it goes through {@code Socket.execute} (as the
 * answer of an annotated method's asynchronous result and a later exception handler do);
 * work a handler hands to another thread by itself does not, as with any thread-bound
 * {@code SecurityContext}.
 */
public final class SecurityContextSocketInterceptor implements SocketInterceptor {

	private final SecurityContextHolderStrategy strategy;

	public SecurityContextSocketInterceptor() {
		this(SecurityContextHolder.getContextHolderStrategy());
	}

	public SecurityContextSocketInterceptor(SecurityContextHolderStrategy strategy) {
		this.strategy = strategy;
	}

	@Override
	public void aroundEvent(Socket socket, String event, EventArgs args, @Nullable Ack ack, Runnable dispatch) {
		runAs(socket, dispatch);
	}

	@Override
	public void aroundListener(Socket socket, Runnable listener) {
		runAs(socket, listener);
	}

	private void runAs(Socket socket, Runnable work) {
		SecurityContext previous = strategy.getContext();
		SecurityContext context = strategy.createEmptyContext();
		context.setAuthentication(SocketAuthentications.of(socket));
		strategy.setContext(context);
		try {
			work.run();
		}
		finally {
			// an empty context is cleared rather than set back, so that no pooled thread
			// keeps one
			if (previous.getAuthentication() == null) {
				strategy.clearContext();
			}
			else {
				strategy.setContext(previous);
			}
		}
	}

}
