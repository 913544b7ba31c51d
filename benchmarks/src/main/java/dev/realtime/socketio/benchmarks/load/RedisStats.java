package dev.realtime.socketio.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The commands a Redis server executed so far, by name, from {@code INFO commandstats}
 * ({@code cmdstat_publish:calls=12,…}): read before and after a window, the difference
 * says how many Redis round trips each broadcast of a cluster costs. The {@code INFO}
 * calls themselves are left out.
 */
final class RedisStats {

	private RedisStats() {
	}

	/** Command name → calls so far. */
	static Map<String, Long> commandCalls(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String header = readLine(in);
			if (!header.startsWith("$")) {
				throw new IllegalStateException("unexpected INFO answer: " + header);
			}
			byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
			Map<String, Long> calls = new HashMap<>();
			for (String line : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
				if (!line.startsWith("cmdstat_")) {
					continue;
				}
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
					if (field.startsWith("calls=")) {
						calls.put(name, Long.parseLong(field.substring("calls=".length())));
					}
				}
			}
			return calls;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read INFO commandstats of Redis on port " + port, ex);
		}
	}

	/** Calls between two readings: all commands but INFO, and the (S)PUBLISH ones. */
	static long[] delta(Map<String, Long> before, Map<String, Long> after) {
		long all = 0;
		long publish = 0;
		for (Map.Entry<String, Long> entry : after.entrySet()) {
			if (entry.getKey().equals("info")) {
				continue;
			}
			long calls = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
			all += calls;
			if (entry.getKey().equals("publish") || entry.getKey().equals("spublish")) {
				publish += calls;
			}
		}
		return new long[] { all, publish };
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

}
