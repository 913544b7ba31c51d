package dev.realtime.socketio.spring.annotation.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.spring.handler.SocketInvocation;

/**
 * The annotated methods of one namespace (from any number of beans), attached to each socket that
 * joins it: event listeners first, so that none is missing once the connect methods run, then the
 * disconnect listener and the connect methods.
 */
final class NamespaceHandlers {

	private final NamespaceKey key;

	private final Namespace namespace;

	private final SocketHandlerInvoker invoker;

	private final Map<String, SocketHandlerMethod> events = new ConcurrentHashMap<>();

	private final List<SocketHandlerMethod> connectHandlers = new CopyOnWriteArrayList<>();

	private final List<SocketHandlerMethod> disconnectHandlers = new CopyOnWriteArrayList<>();

	NamespaceHandlers(NamespaceKey key, Namespace namespace, SocketHandlerInvoker invoker) {
		this.key = key;
		this.namespace = namespace;
		this.invoker = invoker;
		namespace.on(this::attach);
	}

	Namespace namespace() {
		return namespace;
	}

	/** @throws IllegalStateException when another method already handles the event here */
	void addEvent(String event, SocketHandlerMethod handler) {
		SocketHandlerMethod existing = events.putIfAbsent(event, handler);
		if (existing != null) {
			throw new IllegalStateException("Duplicate @SocketEvent(\"" + event + "\") in namespace " + key + ": "
					+ existing.description() + " and " + handler.description());
		}
	}

	void addConnect(SocketHandlerMethod handler) {
		connectHandlers.add(handler);
	}

	void addDisconnect(SocketHandlerMethod handler) {
		disconnectHandlers.add(handler);
	}

	private void attach(Socket socket) {
		events.forEach((event, handler) -> socket.on(event,
				(args, ack) -> invoker.invoke(handler, SocketInvocation.event(socket, event, args, ack))));
		if (!disconnectHandlers.isEmpty()) {
			socket.onDisconnect((reason) -> disconnectHandlers
				.forEach((handler) -> invoker.invoke(handler, SocketInvocation.disconnect(socket, reason))));
		}
		for (SocketHandlerMethod handler : connectHandlers) {
			invoker.invoke(handler, SocketInvocation.connect(socket));
		}
	}
}
