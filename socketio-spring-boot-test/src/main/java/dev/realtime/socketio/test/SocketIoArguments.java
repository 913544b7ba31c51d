package dev.realtime.socketio.test;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The arguments of a received event or acknowledgement, as Jackson trees (binary as
 * binary nodes), bound to the test's types by the application's {@code ObjectMapper}.
 */
public class SocketIoArguments {

	private final List<JsonNode> args;

	private final JsonBridge bridge;

	private final String what;

	SocketIoArguments(List<JsonNode> args, JsonBridge bridge, String what) {
		this.args = List.copyOf(args);
		this.bridge = bridge;
		this.what = what;
	}

	/** The arguments as received. */
	public List<JsonNode> args() {
		return this.args;
	}

	public int size() {
		return this.args.size();
	}

	/**
	 * The first argument bound to {@code type} ({@code byte[]} for binary).
	 * @throws AssertionError when there is none, or it does not bind to the type
	 */
	public <T> @Nullable T as(Class<T> type) {
		return get(0, type);
	}

	/**
	 * The first argument bound to a generic type, such as {@code new
	 * TypeReference<List<Item>>() {}}.
	 */
	public <T> @Nullable T as(TypeReference<T> type) {
		return this.bridge.bind(arg(0), type, "argument 0 of " + this.what);
	}

	/**
	 * Argument {@code index} bound to {@code type}.
	 * @throws AssertionError when there is no such argument, or it does not bind to the
	 * type
	 */
	public <T> @Nullable T get(int index, Class<T> type) {
		return this.bridge.bind(arg(index), type, "argument " + index + " of " + this.what);
	}

	private JsonNode arg(int index) {
		if (index < 0 || index >= this.args.size()) {
			throw new AssertionError(this.what + " has no argument " + index + ": it has " + this.args.size() + " ("
					+ describeArgs() + ")");
		}
		return this.args.get(index);
	}

	String describeArgs() {
		return this.args.stream().map(JsonBridge::brief).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return this.what + "(" + describeArgs() + ")";
	}

}
