package dev.realtime.socketio.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.engine.codec.EngineCodec;
import dev.realtime.socketio.engine.codec.EnginePacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Engine.IO packet and polling payload encoding and decoding. Each codec operation has a
 * baseline doing the work no codec can avoid (the UTF-8 transcoding a WebSocket frame
 * needs anyway, a plain join or split of the payload), so that {@code codec / baseline}
 * reads as the codec's overhead.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineCodecBenchmark extends ShortRun {

	/** Message size: a small event or a 16 KiB one. */
	@Param({ "small", "16k" })
	public String size = "small";

	private String data = "";

	private String frameText = "";

	private byte[] frameBytes = new byte[0];

	private List<EnginePacket> payloadPackets = List.of();

	private List<String> payloadTexts = List.of();

	private String payload = "";

	@Setup
	public void setUp() {
		data = "small".equals(size) ? "2[\"echo\",{\"n\":1,\"text\":\"hello\"}]"
				: "2[\"echo\",{\"data\":\"" + "x".repeat(16 * 1024) + "\"}]";
		frameText = "4" + data;
		frameBytes = frameText.getBytes(StandardCharsets.UTF_8);
		List<EnginePacket> packets = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			EnginePacket packet = (i % 4 == 3) ? EnginePacket.PING : EnginePacket.message(data);
			packets.add(packet);
			texts.add(packet.text());
		}
		payloadPackets = packets;
		payloadTexts = texts;
		payload = EngineCodec.encodePayload(packets);
	}

	/** A new message packet to its WebSocket frame bytes (no cached encoding). */
	@Benchmark
	public byte[] encodePacket() {
		return EnginePacket.message(data).bytes();
	}

	/** Baseline: the UTF-8 of the frame text, built by concatenation. */
	@Benchmark
	public byte[] encodePacketBaseline() {
		return ("4" + data).getBytes(StandardCharsets.UTF_8);
	}

	/** A received text frame to a packet. */
	@Benchmark
	public EnginePacket decodePacket() {
		return EngineCodec.decodePacket(frameText);
	}

	/** Baseline: cutting off the type digit. */
	@Benchmark
	public String decodePacketBaseline() {
		return frameText.substring(1);
	}

	/**
	 * Received frame bytes to a packet, with the UTF-8 decoding every stack does first.
	 */
	@Benchmark
	public EnginePacket decodeFrameBytes() {
		return EngineCodec.decodePacket(new String(frameBytes, StandardCharsets.UTF_8));
	}

	/** Baseline: the UTF-8 decoding alone. */
	@Benchmark
	public String decodeFrameBytesBaseline() {
		return new String(frameBytes, StandardCharsets.UTF_8);
	}

	/** Eight packets to one polling payload. */
	@Benchmark
	public String encodePayload() {
		return EngineCodec.encodePayload(payloadPackets);
	}

	/** Baseline: joining the eight texts with the record separator. */
	@Benchmark
	public String encodePayloadBaseline() {
		return String.join("\u001e", payloadTexts);
	}

	/** A polling payload of eight packets to packets. */
	@Benchmark
	public EngineCodec.DecodedPayload decodePayload() {
		return EngineCodec.decodePayload(payload);
	}

	/** Baseline: splitting the payload at the record separator. */
	@Benchmark
	public String[] decodePayloadBaseline() {
		return payload.split("\u001e");
	}

}
