package dev.realtime.socketio.server;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.socketio.testsupport.FakeWebSocket;

/**
 * A Socket.IO client speaking raw packets over a {@link FakeWebSocket}. Frames are
 * compared on the wire: Socket.IO packets keep the Engine.IO {@code 4} in front
 * ({@code 40{"sid":"…"}}), binary frames read {@code <binary n bytes>}.
 */
final class TestClient {

	private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

	private static final Pattern PID = Pattern.compile("\"pid\":\"([^\"]+)\"");

	final FakeWebSocket webSocket;

	final String engineId;

	private int taken = 1;

	TestClient(FakeWebSocket webSocket) {
		this.webSocket = webSocket;
		String open = webSocket.texts().get(0);
		this.engineId = group(SID, open);
	}

	static String group(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new AssertionError(pattern + " not found in " + text);
		}
		return matcher.group(1);
	}

	/**
	 * Sends a Socket.IO packet in its string form, e.g. {@code 2["hello"]} (the {@code 4}
	 * is added).
	 */
	void send(String packet) {
		webSocket.receiveText("4" + packet);
	}

	/** Sends a raw Engine.IO frame. */
	void sendRaw(String frame) {
		webSocket.receiveText(frame);
	}

	/** Sends a binary attachment. */
	void sendBinary(byte[] data) {
		webSocket.receiveBinary(data);
	}

	/** Every frame after the open packet. */
	List<String> received() {
		List<String> all = webSocket.describe();
		return all.subList(1, all.size());
	}

	/** The frames received since the last call (or since the open packet). */
	List<String> take() {
		List<String> all = webSocket.describe();
		List<String> fresh = List.copyOf(all.subList(taken, all.size()));
		taken = all.size();
		return fresh;
	}

	String last() {
		List<String> all = webSocket.describe();
		return all.get(all.size() - 1);
	}

	/**
	 * Joins a namespace ({@code "/"} or {@code "/custom"}) with an optional auth JSON;
	 * returns the socket id.
	 */
	String connect(String namespace, String authJson) {
		String prefix = "/".equals(namespace) ? "" : namespace + ",";
		int before = webSocket.frameCount();
		send("0" + prefix + authJson);
		List<String> all = webSocket.describe();
		for (String frame : all.subList(before, all.size())) {
			if (frame.startsWith("40" + prefix + "{")) {
				return group(SID, frame);
			}
		}
		throw new AssertionError("no CONNECT answer for " + namespace + " in " + all.subList(before, all.size()));
	}

	String connect(String namespace) {
		return connect(namespace, "");
	}

	String connect() {
		return connect("/");
	}

	static String pidOf(String connectAnswer) {
		return group(PID, connectAnswer);
	}

	boolean closed() {
		return webSocket.closed();
	}

}
