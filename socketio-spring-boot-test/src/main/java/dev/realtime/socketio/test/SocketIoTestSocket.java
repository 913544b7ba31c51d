package dev.realtime.socketio.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.socket.client.Ack;
import io.socket.client.Socket;
import io.socket.thread.EventThread;
import tools.jackson.databind.JsonNode;

/**
 * One socket of a {@link SocketIoTestClient}: connected to a namespace of the application
 * under test through the Socket.IO Java client. It records every event the server sends;
 * the {@code await…} methods wait for them and fail with a message that says what arrived
 * instead.
 *
 * <pre>{@code
 * SocketIoTestSocket chat = client.connect("/chat");
 * StoredMessage stored = chat.emitWithAck(StoredMessage.class, "message", new ChatMessage("ann", "hi"));
 * ChatMessage echoed = other.awaitEvent("message", ChatMessage.class);
 * }</pre>
 *
 * <p>
 * Thread-safe. {@link #close()} disconnects; the client disconnects every socket it
 * opened after each test method and when the application context closes.
 */
public final class SocketIoTestSocket implements AutoCloseable {

	private final Socket socket;

	private final String namespace;

	private final JsonBridge bridge;

	private final Duration timeout;

	private final Object lock = new Object();

	private final List<ReceivedEvent> received = new ArrayList<>();

	/**
	 * Events an {@code awaitEvent} returned already: the next call returns a later one.
	 */
	private final Set<ReceivedEvent> awaited = Collections.newSetFromMap(new IdentityHashMap<>());

	private final Map<String, Function<ReceivedEvent, ?>> answers = new ConcurrentHashMap<>();

	private @Nullable String disconnectReason;

	SocketIoTestSocket(Socket socket, String namespace, JsonBridge bridge, Duration timeout) {
		this.socket = socket;
		this.namespace = namespace;
		this.bridge = bridge;
		this.timeout = timeout;
		socket.onAnyIncoming(this::onEvent);
		socket.on(Socket.EVENT_DISCONNECT, (args) -> {
			synchronized (this.lock) {
				this.disconnectReason = (args.length > 0) ? String.valueOf(args[0]) : "disconnected";
				this.lock.notifyAll();
			}
		});
	}

	/** The socket id the server gave this socket ({@code null} while not connected). */
	public @Nullable String id() {
		return this.socket.id();
	}

	/** The namespace this socket is connected to. */
	public String namespace() {
		return this.namespace;
	}

	public boolean isConnected() {
		return this.socket.connected();
	}

	/** The Java client's own socket, for what this class does not offer. */
	public Socket unwrap() {
		return this.socket;
	}

	/**
	 * Emits an event: each argument goes through the application's mapper (records,
	 * POJOs, maps, trees), {@code byte[]} stays binary.
	 */
	public void emit(String event, Object... args) {
		this.socket.emit(event, clientArgs(args));
	}

	/**
	 * Emits an event asking for an acknowledgement and waits for it (the client's default
	 * timeout).
	 * @return the arguments the server's acknowledgement carried
	 * @throws AssertionError when no acknowledgement arrives in time, saying what arrived
	 * instead
	 */
	public SocketIoArguments emitWithAck(String event, Object... args) {
		return emitWithAck(this.timeout, event, args);
	}

	/** {@link #emitWithAck(String, Object...)} waiting at most {@code timeout}. */
	public SocketIoArguments emitWithAck(Duration timeout, String event, Object... args) {
		CompletableFuture<Object[]> answer = new CompletableFuture<>();
		this.socket.emit(event, clientArgs(args), (Ack) answer::complete);
		Object[] values;
		try {
			values = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No acknowledgement of \"" + event + "\" on " + this.namespace + " within "
					+ describe(timeout) + ". " + state(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for the acknowledgement of \"" + event + "\"", ex);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("The acknowledgement of \"" + event + "\" failed: " + ex.getCause(),
					ex.getCause());
		}
		return new SocketIoArguments(trees(values, 0), this.bridge, "the acknowledgement of \"" + event + "\"");
	}

	/**
	 * Emits an event asking for an acknowledgement and returns its first argument bound
	 * to {@code answerType}.
	 */
	public <T> @Nullable T emitWithAck(Class<T> answerType, String event, Object... args) {
		return emitWithAck(event, args).as(answerType);
	}

	/**
	 * Waits for the next {@code event} no earlier {@code awaitEvent} returned (it may
	 * have arrived already), the client's default timeout.
	 * @throws AssertionError when none arrives in time, saying what arrived instead
	 */
	public ReceivedEvent awaitEvent(String event) {
		return awaitEvent(event, this.timeout);
	}

	/** {@link #awaitEvent(String)} waiting at most {@code timeout}. */
	public ReceivedEvent awaitEvent(String event, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (true) {
				for (ReceivedEvent candidate : this.received) {
					if (candidate.name().equals(event) && this.awaited.add(candidate)) {
						return candidate;
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("No \"" + event + "\" event on " + this.namespace + " within "
							+ describe(timeout) + ". " + state());
				}
				waitOnLock(left);
			}
		}
	}

	/**
	 * The first argument of the next {@code event}, bound to {@code type}; the client's
	 * default timeout.
	 */
	public <T> @Nullable T awaitEvent(String event, Class<T> type) {
		return awaitEvent(event, type, this.timeout);
	}

	/**
	 * The first argument of the next {@code event}, bound to {@code type}, waiting at
	 * most {@code timeout}.
	 */
	public <T> @Nullable T awaitEvent(String event, Class<T> type, Duration timeout) {
		return awaitEvent(event, timeout).as(type);
	}

	/**
	 * Fails if {@code event} arrives (or arrived, and no {@code awaitEvent} returned it)
	 * within {@code during}; waits that long when it does not.
	 */
	public void assertNoEvent(String event, Duration during) {
		long deadline = System.nanoTime() + during.toNanos();
		synchronized (this.lock) {
			while (true) {
				for (ReceivedEvent candidate : this.received) {
					if (candidate.name().equals(event) && !this.awaited.contains(candidate)) {
						throw new AssertionError(
								"Expected no \"" + event + "\" event on " + this.namespace + " but got " + candidate);
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return;
				}
				waitOnLock(left);
			}
		}
	}

	/** Every event received so far, in arrival order. */
	public List<ReceivedEvent> receivedEvents() {
		synchronized (this.lock) {
			return List.copyOf(this.received);
		}
	}

	/** The events named {@code event} received so far, in arrival order. */
	public List<ReceivedEvent> receivedEvents(String event) {
		synchronized (this.lock) {
			return this.received.stream().filter((candidate) -> candidate.name().equals(event)).toList();
		}
	}

	/**
	 * Answers every {@code emitWithAck(event, …)} of the server with what {@code answer}
	 * returns (an {@code Object[]} for several arguments, {@code null} for none).
	 * Register it before the server emits.
	 */
	public void answer(String event, Function<ReceivedEvent, ?> answer) {
		this.answers.put(event, answer);
	}

	/**
	 * Waits until the server disconnects this socket (or the connection drops).
	 * @return the reason the client gives, such as {@code "io server disconnect"}
	 * @throws AssertionError when it is still connected after {@code timeout}
	 */
	public String awaitDisconnect(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (this.disconnectReason == null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("Socket " + id() + " on " + this.namespace + " is still connected after "
							+ describe(timeout) + ". " + state());
				}
				waitOnLock(left);
			}
			return this.disconnectReason;
		}
	}

	/**
	 * Disconnects from the namespace (and closes the connection when it was the last
	 * socket on it). Returns once the client has processed it, so that
	 * {@link #isConnected()} is {@code false} afterwards: the Java client disconnects on
	 * its own event thread, later than its {@code disconnect()} returns.
	 * @throws AssertionError when the client's event thread has not processed it after
	 * {@code timeout}
	 */
	public void disconnect() {
		this.socket.disconnect();
		if (EventThread.isCurrent()) {
			return; // the client ran it inline
		}
		// The event thread runs its tasks in order: this one runs after the disconnect.
		CountDownLatch processed = new CountDownLatch(1);
		EventThread.nextTick(processed::countDown);
		try {
			if (!processed.await(this.timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new AssertionError("The Socket.IO client did not process the disconnect of socket " + id()
						+ " on " + this.namespace + " within " + describe(this.timeout));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		disconnect();
	}

	@Override
	public String toString() {
		return "SocketIoTestSocket " + this.namespace + " " + id()
				+ (isConnected() ? " (connected)" : " (not connected)");
	}

	// ---- inbound (the Java client's event thread)

	private void onEvent(Object... args) {
		if (args.length == 0) {
			return;
		}
		String name = String.valueOf(args[0]);
		Ack ack = (args.length > 1 && args[args.length - 1] instanceof Ack callback) ? callback : null;
		int end = (ack != null) ? args.length - 1 : args.length;
		ReceivedEvent event = new ReceivedEvent(name, trees(Arrays.copyOfRange(args, 0, end), 1), ack, this.bridge);
		synchronized (this.lock) {
			this.received.add(event);
			this.lock.notifyAll();
		}
		Function<ReceivedEvent, ?> answer = this.answers.get(name);
		if (ack != null && answer != null) {
			Object reply = answer.apply(event);
			if (reply instanceof Object[] several) {
				event.ack(several);
			}
			else if (reply == null) {
				event.ack();
			}
			else {
				event.ack(reply);
			}
		}
	}

	private List<JsonNode> trees(Object[] values, int from) {
		List<JsonNode> trees = new ArrayList<>(Math.max(0, values.length - from));
		for (int i = from; i < values.length; i++) {
			trees.add(this.bridge.fromClient(values[i]));
		}
		return trees;
	}

	private Object[] clientArgs(Object[] args) {
		Object[] values = new Object[args.length];
		for (int i = 0; i < args.length; i++) {
			values[i] = this.bridge.toClient(args[i]);
		}
		return values;
	}

	private void waitOnLock(long nanos) {
		try {
			TimeUnit.NANOSECONDS.timedWait(this.lock, nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting on " + this.namespace, ex);
		}
	}

	/** What this socket saw, for failure messages. */
	private String state() {
		StringBuilder state = new StringBuilder();
		synchronized (this.lock) {
			List<ReceivedEvent> fresh = this.received.stream()
				.filter((event) -> !this.awaited.contains(event))
				.toList();
			List<ReceivedEvent> old = this.received.stream().filter(this.awaited::contains).toList();
			if (this.received.isEmpty()) {
				state.append("Nothing was received");
			}
			else {
				state.append(fresh.isEmpty() ? "Nothing new was received" : "Received instead: " + list(fresh));
				if (!old.isEmpty()) {
					state.append(" (already awaited: ").append(list(old)).append(')');
				}
			}
			state.append(". The socket is ").append(isConnected() ? "connected" : "not connected");
			if (this.disconnectReason != null) {
				state.append(" (disconnected: ").append(this.disconnectReason).append(')');
			}
		}
		return state.append('.').toString();
	}

	/** Events for a message, the last ten at most. */
	private static String list(List<ReceivedEvent> events) {
		int skip = Math.max(0, events.size() - 10);
		return ((skip > 0) ? skip + " more, then " : "")
				+ events.stream().skip(skip).map(ReceivedEvent::toString).collect(Collectors.joining(", "));
	}

	private static String describe(Duration timeout) {
		return (timeout.toMillis() % 1000 == 0) ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
	}

}
