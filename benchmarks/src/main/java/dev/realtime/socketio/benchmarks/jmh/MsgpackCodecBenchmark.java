package dev.realtime.socketio.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.msgpack.MsgpackPacketParser;
import dev.realtime.socketio.protocol.JsonPacketParser;
import dev.realtime.socketio.protocol.PacketDecoder;
import dev.realtime.socketio.protocol.PacketParser;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * The msgpack parser ({@code socketio.parser.format=msgpack}) beside the JSON one, on the
 * packets of {@link SocketIoCodecBenchmark} plus a typical chat message with a few
 * fields: encode a packet to its Engine.IO messages, decode them back to a packet of
 * Jackson trees. {@link #main} prints the bytes on the wire for each packet and parser
 * (WebSocket frame payloads: text as UTF-8, attachments as they are).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MsgpackCodecBenchmark extends ShortRun {

	/**
	 * The packet: {@code small}, {@code ack}, {@code chat}, {@code 16k} or
	 * {@code binary}.
	 */
	@Param({ "small", "ack", "chat", "16k", "binary" })
	public String packet = "small";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonPacketParser json = new JsonPacketParser(mapper);

	private final MsgpackPacketParser msgpack = new MsgpackPacketParser(mapper);

	private SocketPacket toEncode = new SocketPacket(PacketType.EVENT, "/", -1, List.of("x"));

	private List<Object> jsonMessages = List.of();

	private List<Object> msgpackMessages = List.of();

	private PacketDecoder jsonDecoder = json.newDecoder();

	private PacketDecoder msgpackDecoder = msgpack.newDecoder();

	@Setup
	public void setUp() {
		toEncode = packet(packet);
		jsonMessages = json.encode(toEncode);
		msgpackMessages = msgpack.encode(toEncode);
		jsonDecoder = json.newDecoder();
		msgpackDecoder = msgpack.newDecoder();
	}

	static SocketPacket packet(String name) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("n", 1);
		message.put("text", "hello");
		switch (name) {
			case "small":
				return new SocketPacket(PacketType.EVENT, "/", -1, List.of("echo", message));
			case "ack":
				return new SocketPacket(PacketType.EVENT, "/", 42, List.of("echo", message));
			case "chat": {
				Map<String, Object> chat = new LinkedHashMap<>();
				chat.put("id", 1_700_000_000_123L);
				chat.put("room", "general");
				chat.put("author", "alice");
				chat.put("text", "Did anyone look at the build from this morning?");
				chat.put("sentAt", 1_700_000_000_000L);
				chat.put("score", 0.75);
				chat.put("tags", List.of("build", "ci"));
				return new SocketPacket(PacketType.EVENT, "/chat", -1, List.of("message", chat));
			}
			case "16k":
				return new SocketPacket(PacketType.EVENT, "/", -1,
						List.of("echo", Map.of("data", "x".repeat(16 * 1024))));
			case "binary": {
				byte[] bytes = new byte[1024];
				Arrays.fill(bytes, (byte) 7);
				return new SocketPacket(PacketType.EVENT, "/", -1, List.of("file", message, bytes));
			}
			default:
				throw new IllegalArgumentException(name);
		}
	}

	@Benchmark
	public List<Object> jsonEncode() {
		return json.encode(toEncode);
	}

	@Benchmark
	public List<Object> msgpackEncode() {
		return msgpack.encode(toEncode);
	}

	@Benchmark
	public @Nullable SocketPacket jsonDecode() {
		return decode(jsonDecoder, jsonMessages);
	}

	@Benchmark
	public @Nullable SocketPacket msgpackDecode() {
		return decode(msgpackDecoder, msgpackMessages);
	}

	private static @Nullable SocketPacket decode(PacketDecoder decoder, List<Object> messages) {
		SocketPacket decoded = null;
		for (Object message : messages) {
			decoded = (message instanceof String text) ? decoder.add(text) : decoder.add((byte[]) message);
		}
		return decoded;
	}

	/** The bytes of the Engine.IO messages of a packet, and how many messages. */
	static String wireSize(PacketParser parser, SocketPacket packet) {
		int bytes = 0;
		List<Object> messages = parser.encode(packet);
		for (Object message : messages) {
			bytes += (message instanceof String text) ? text.getBytes(StandardCharsets.UTF_8).length + 1 // the
																											// "4"
																											// type
					: ((byte[]) message).length;
		}
		return bytes + " B in " + messages.size() + " frame" + ((messages.size() > 1) ? "s" : "");
	}

	/** Prints the frame sizes of every packet with both parsers. */
	public static void main(String[] args) {
		JsonMapper mapper = JsonMapper.builder().build();
		PacketParser json = new JsonPacketParser(mapper);
		PacketParser msgpack = new MsgpackPacketParser(mapper);
		System.out.println("| packet | JSON parser | msgpack parser |");
		System.out.println("| --- | --- | --- |");
		for (String name : List.of("small", "ack", "chat", "16k", "binary")) {
			SocketPacket packet = packet(name);
			System.out.println("| " + name + " | " + wireSize(json, packet) + " | " + wireSize(msgpack, packet) + " |");
		}
	}

}
