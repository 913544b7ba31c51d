package dev.realtime.socketio.benchmarks.jmh;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.protocol.JsonPacketParser;
import dev.realtime.socketio.protocol.PacketDecoder;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Socket.IO packet encoding and decoding with {@link JsonPacketParser}, for the typical
 * packets: a small event, the same with an acknowledgement id, a 16 KiB payload and an
 * event with a binary attachment. The baselines are what plain Jackson does with the same
 * data in the same run ({@code writeValueAsString} of the arguments, {@code readTree} of
 * the JSON), so {@code parser / baseline} reads as the cost of the Socket.IO framing.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SocketIoCodecBenchmark extends ShortRun {

	/** The packet: {@code small}, {@code ack}, {@code 16k} or {@code binary}. */
	@Param({ "small", "ack", "16k", "binary" })
	public String packet = "small";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonPacketParser parser = new JsonPacketParser(mapper);

	private SocketPacket toEncode = new SocketPacket(PacketType.EVENT, "/", -1, List.of("x"));

	private List<Object> args = List.of();

	private String received = "";

	private String receivedJson = "";

	private byte @Nullable [] attachment;

	private PacketDecoder decoder = parser.newDecoder();

	@Setup
	public void setUp() {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("n", 1);
		message.put("text", "hello");
		long ackId = SocketPacket.NO_ACK;
		switch (packet) {
			case "small":
				args = List.of("echo", message);
				break;
			case "ack":
				args = List.of("echo", message);
				ackId = 42;
				break;
			case "16k":
				args = List.of("echo", Map.of("data", "x".repeat(16 * 1024)));
				break;
			case "binary":
				byte[] bytes = new byte[1024];
				Arrays.fill(bytes, (byte) 7);
				args = List.of("file", message, bytes);
				break;
			default:
				throw new IllegalArgumentException(packet);
		}
		toEncode = new SocketPacket(PacketType.EVENT, "/", ackId, args);
		List<Object> encoded = parser.encode(toEncode);
		received = (String) encoded.get(0);
		attachment = (encoded.size() > 1) ? (byte[]) encoded.get(1) : null;
		receivedJson = received.substring(received.indexOf('['));
		decoder = parser.newDecoder();
	}

	/** The packet to its Engine.IO messages (header text and attachments). */
	@Benchmark
	public List<Object> encode() {
		return parser.encode(toEncode);
	}

	/** Baseline: Jackson writing the same arguments ({@code byte[]} as base64). */
	@Benchmark
	public String encodeBaseline() {
		return mapper.writeValueAsString(args);
	}

	/** The received message (and its attachment) to a packet of Jackson trees. */
	@Benchmark
	public @Nullable SocketPacket decode() {
		SocketPacket decoded = decoder.add(received);
		byte[] binary = attachment;
		if (binary != null) {
			decoded = decoder.add(binary);
		}
		return decoded;
	}

	/** Baseline: Jackson reading the JSON part into a tree. */
	@Benchmark
	public JsonNode decodeBaseline() {
		return mapper.readTree(receivedJson);
	}

}
