package dev.realtime.socketio.benchmarks.load;

/**
 * The few Engine.IO v4 / Socket.IO v5 text frames the load generator sends and reads, on
 * the main namespace: built and parsed by hand, without JSON, so the client spends little
 * CPU.
 */
final class Wire {

	/** Namespace CONNECT for {@code /}. */
	static final String CONNECT = "40";

	/** The client's answer to a server ping. */
	static final String PONG = "3";

	private static final String BROADCAST_PREFIX = "42[\"broadcast\",";

	private Wire() {
	}

	/**
	 * {@code 42<ackId>["echo",{"n":<ackId>,"text":"hello world"}]}: an event that asks
	 * for an ack.
	 */
	static String echo(long ackId) {
		return new StringBuilder(48).append("42")
			.append(ackId)
			.append("[\"echo\",{\"n\":")
			.append(ackId)
			.append(",\"text\":\"hello world\"}]")
			.toString();
	}

	/** The id of an ACK frame {@code 43<id>[…]}, or -1 when the frame is not an ACK. */
	static long ackId(String frame) {
		return idAfter(frame, '3');
	}

	/**
	 * The ack id of our own echo event {@code 42<id>[…]} sent back by a bare echo server,
	 * or -1.
	 */
	static long echoedId(String frame) {
		return idAfter(frame, '2');
	}

	private static long idAfter(String frame, char type) {
		if (frame.length() < 4 || frame.charAt(0) != '4' || frame.charAt(1) != type) {
			return -1;
		}
		long id = 0;
		int i = 2;
		for (; i < frame.length(); i++) {
			char c = frame.charAt(i);
			if (c < '0' || c > '9') {
				break;
			}
			id = id * 10 + (c - '0');
		}
		return (i > 2 && i < frame.length() && frame.charAt(i) == '[') ? id : -1;
	}

	/**
	 * {@code 42["broadcast",{"seq":<seq>,"t":<nanos>}]}: the message the server re-emits
	 * to all.
	 */
	static String broadcast(long seq, long nanos) {
		return new StringBuilder(64).append(BROADCAST_PREFIX)
			.append("{\"seq\":")
			.append(seq)
			.append(",\"t\":")
			.append(nanos)
			.append("}]")
			.toString();
	}

	/** Whether the frame is a {@code broadcast} event. */
	static boolean isBroadcast(String frame) {
		return frame.startsWith(BROADCAST_PREFIX);
	}

	/** The number after {@code "<key>":} in the frame, or -1 when absent. */
	static long longField(String frame, String key) {
		int at = frame.indexOf("\"" + key + "\":");
		if (at < 0) {
			return -1;
		}
		int i = at + key.length() + 3;
		long value = 0;
		int start = i;
		for (; i < frame.length(); i++) {
			char c = frame.charAt(i);
			if (c < '0' || c > '9') {
				break;
			}
			value = value * 10 + (c - '0');
		}
		return (i > start) ? value : -1;
	}

	/** Whether the frame answers our namespace CONNECT: {@code 40{"sid":…}}. */
	static boolean isConnected(String frame) {
		return frame.startsWith("40{");
	}

}
