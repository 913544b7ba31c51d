package dev.realtime.socketio.spring.annotation.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.spring.handler.SocketInvocation;

/**
 * The annotated methods of one namespace (from any number of beans), registered once in
 * the namespace's own tables: one namespace event listener per {@code @SocketEvent}
 * method, one disconnection listener and one connection listener for all the
 * {@code @OnDisconnect} and {@code @OnConnect} methods. A socket that connects costs
 * nothing here beyond calling the {@code @OnConnect} methods.
 */
final class NamespaceHandlers {

	private final NamespaceKey key;

	private final Namespace namespace;

	private final SocketHandlerInvoker invoker;

	private final Map<String, SocketHandlerMethod> events = new HashMap<>();

	private final List<SocketHandlerMethod> connectHandlers = new CopyOnWriteArrayList<>();

	private final List<SocketHandlerMethod> disconnectHandlers = new CopyOnWriteArrayList<>();

	NamespaceHandlers(NamespaceKey key, Namespace namespace, SocketHandlerInvoker invoker) {
		this.key = key;
		this.namespace = namespace;
		this.invoker = invoker;
	}

	Namespace namespace() {
		return namespace;
	}

	/**
	 * @throws IllegalStateException when another method already handles the event here,
	 * or the name is reserved
	 */
	void addEvent(String event, SocketHandlerMethod handler) {
		SocketHandlerMethod existing = events.putIfAbsent(event, handler);
		if (existing != null) {
			throw new IllegalStateException("Duplicate @SocketEvent(\"" + event + "\") in namespace " + key + ": "
					+ existing.description() + " and " + handler.description());
		}
		try {
			namespace.onEvent(event,
					(socket, args, ack) -> invoker.invoke(handler, SocketInvocation.event(socket, event, args, ack)));
		}
		catch (IllegalArgumentException ex) {
			events.remove(event);
			// the core's message says why; the cause is left out so that this one, naming
			// the method, is read
			throw new IllegalStateException("@SocketEvent(\"" + event + "\") on " + handler.description()
					+ " is not a valid event name (" + ex.getMessage() + "): use @OnConnect and @OnDisconnect");
		}
	}

	void addConnect(SocketHandlerMethod handler) {
		if (connectHandlers.isEmpty()) {
			namespace.on((socket) -> {
				for (SocketHandlerMethod connect : connectHandlers) {
					invoker.invoke(connect, SocketInvocation.connect(socket));
				}
			});
		}
		connectHandlers.add(handler);
	}

	void addDisconnect(SocketHandlerMethod handler) {
		if (disconnectHandlers.isEmpty()) {
			namespace.onDisconnect((socket, reason) -> {
				for (SocketHandlerMethod disconnect : disconnectHandlers) {
					invoker.invoke(disconnect, SocketInvocation.disconnect(socket, reason));
				}
			});
		}
		disconnectHandlers.add(handler);
	}

}
