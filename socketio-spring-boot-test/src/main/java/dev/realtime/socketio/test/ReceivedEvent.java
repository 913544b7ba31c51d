package dev.realtime.socketio.test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import io.socket.client.Ack;
import tools.jackson.databind.JsonNode;

/** An event the server sent to a {@link SocketIoTestSocket}, with its arguments. */
public final class ReceivedEvent extends SocketIoArguments {

	private final String name;

	private final @Nullable Ack ack;

	private final AtomicBoolean answered = new AtomicBoolean();

	private final JsonBridge bridge;

	ReceivedEvent(String name, List<JsonNode> args, @Nullable Ack ack, JsonBridge bridge) {
		super(args, bridge, "\"" + name + "\"");
		this.name = name;
		this.ack = ack;
		this.bridge = bridge;
	}

	/** The event name. */
	public String name() {
		return this.name;
	}

	/** Whether the server asked for an acknowledgement ({@code emitWithAck}). */
	public boolean expectsAck() {
		return this.ack != null;
	}

	/**
	 * Answers the server's {@code emitWithAck}: each value goes through the mapper,
	 * {@code byte[]} stays binary.
	 * @throws AssertionError when the server asked for no acknowledgement, or it was
	 * answered already
	 */
	public void ack(Object... answer) {
		Ack callback = this.ack;
		if (callback == null) {
			throw new AssertionError("The server asked for no acknowledgement of " + this);
		}
		if (!this.answered.compareAndSet(false, true)) {
			throw new AssertionError(this + " was acknowledged already");
		}
		Object[] values = new Object[answer.length];
		for (int i = 0; i < answer.length; i++) {
			values[i] = this.bridge.toClient(answer[i]);
		}
		callback.call(values);
	}

	boolean answered() {
		return this.answered.get();
	}

	@Override
	public String toString() {
		return this.name + "(" + describeArgs() + ")";
	}

}
