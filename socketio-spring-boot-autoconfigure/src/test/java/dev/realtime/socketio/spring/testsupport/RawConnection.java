package dev.realtime.socketio.spring.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One raw TCP connection to a test server, for what well-behaved clients never send:
 * WebSocket upgrades with chosen headers, frames with reserved bits, huge messages,
 * request bodies trickled byte by byte. Every read has a timeout.
 */
public final class RawConnection implements AutoCloseable {

	/**
	 * What {@link #readCloseCode()} returns when the connection ends without a close
	 * frame.
	 */
	public static final int NO_CLOSE_FRAME = 1006;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	/** Whether the last frame read ended its message. */
	private boolean lastFin;

	private RawConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	public static RawConnection open(int port, Duration readTimeout) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout((int) readTimeout.toMillis());
		socket.setTcpNoDelay(true);
		return new RawConnection(socket);
	}

	/**
	 * A connection whose socket receives into at most {@code receiveBufferSize} bytes of
	 * kernel buffer: a client that stops reading fills up quickly.
	 */
	public static RawConnection open(int port, Duration readTimeout, int receiveBufferSize) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(receiveBufferSize);
		socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) readTimeout.toMillis());
		socket.setSoTimeout((int) readTimeout.toMillis());
		socket.setTcpNoDelay(true);
		return new RawConnection(socket);
	}

	/**
	 * Sends a WebSocket upgrade with {@code headers} (name, value pairs) and returns the
	 * answer's status.
	 */
	public int upgrade(String pathAndQuery, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET ").append(pathAndQuery)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
			.append(socket.getPort())
			.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
			.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
		for (int i = 0; i < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		write(request.append("\r\n").toString());
		return readHead().status();
	}

	public void write(String ascii) throws IOException {
		write(ascii.getBytes(StandardCharsets.UTF_8));
	}

	public void write(byte[] bytes) throws IOException {
		out.write(bytes);
		out.flush();
	}

	/** Reads a response head: status line and headers (names lower-cased). */
	public Head readHead() throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new EOFException("connection closed in the response head: " + head);
			}
			head.write(b);
		}
		String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				fields.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		return new Head(Integer.parseInt(lines[0].substring(9, 12)), fields);
	}

	/** Reads a response: head, then a body of {@code Content-Length} bytes. */
	public String readResponse() throws IOException {
		Head head = readHead();
		String length = head.headers().get("content-length");
		String body = (length != null) ? new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8)
				: "";
		return head.status() + " " + body;
	}

	/** Sends one masked frame, as a client must. */
	public void sendFrame(int opcode, byte[] payload, boolean fin, boolean rsv1) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xff);
		}
		else {
			frame.write(0x80 | 127);
			long length = payload.length;
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (length >>> shift) & 0xff);
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask, 0, 4);
		byte[] masked = new byte[payload.length];
		for (int i = 0; i < payload.length; i++) {
			masked[i] = (byte) (payload[i] ^ mask[i & 3]);
		}
		frame.write(masked, 0, masked.length);
		write(frame.toByteArray());
	}

	public void sendText(String text) throws IOException {
		sendFrame(1, text.getBytes(StandardCharsets.UTF_8), true, false);
	}

	/** One received frame. */
	public record Frame(int opcode, byte[] payload) {

		public String text() {
			return new String(payload, StandardCharsets.UTF_8);
		}
	}

	/**
	 * Reads one message: a frame, and the continuation frames that follow it when the
	 * server fragmented the message (Tomcat does for large ones).
	 */
	public Frame readMessage() throws IOException {
		Frame first = readFrame();
		if (lastFin) {
			return first;
		}
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		message.writeBytes(first.payload());
		while (!lastFin) {
			message.writeBytes(readFrame().payload());
		}
		return new Frame(first.opcode(), message.toByteArray());
	}

	public Frame readFrame() throws IOException {
		int first = readByte();
		lastFin = (first & 0x80) != 0;
		int second = readByte();
		long length = second & 0x7f;
		if (length == 126) {
			length = (readByte() << 8) | readByte();
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | readByte();
			}
		}
		byte[] payload = in.readNBytes((int) length);
		if (payload.length < length) {
			throw new EOFException("connection closed in a frame");
		}
		return new Frame(first & 0x0f, payload);
	}

	/**
	 * Reads frames until a close frame and returns its code; {@link #NO_CLOSE_FRAME} when
	 * the connection ends (or is reset) without one.
	 */
	public int readCloseCode() throws IOException {
		try {
			while (true) {
				Frame frame = readFrame();
				if (frame.opcode() == 8) {
					return (frame.payload().length >= 2)
							? ((frame.payload()[0] & 0xff) << 8) | (frame.payload()[1] & 0xff) : 1005;
				}
			}
		}
		catch (EOFException | SocketTimeoutException ex) {
			if (ex instanceof SocketTimeoutException) {
				throw ex;
			}
			return NO_CLOSE_FRAME;
		}
		catch (SocketException ex) {
			return NO_CLOSE_FRAME;
		}
	}

	private int readByte() throws IOException {
		int b = in.read();
		if (b < 0) {
			throw new EOFException("connection closed");
		}
		return b;
	}

	@Override
	public void close() {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing
		}
	}

	/** A response's status and headers. */
	public record Head(int status, Map<String, String> headers) {
	}

}
