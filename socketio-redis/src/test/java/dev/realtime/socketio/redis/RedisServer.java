package dev.realtime.socketio.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package, installed by {@code scripts/test.sh})
 * on a free loopback port, for tests: no persistence, stopped with {@link #close()},
 * killed with {@link #kill()} (SIGKILL) and started again on the same port with
 * {@link #restart()}.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(20);

	private final int port;

	private final Path dir;

	private List<String> extraArgs = List.of();

	/**
	 * A configuration file given before the options (Sentinel needs one it can rewrite).
	 */
	private String configFile;

	private Process process;

	private RedisServer(int port, Path dir) {
		this.port = port;
		this.dir = dir;
	}

	/** Starts a server on a free loopback port. */
	public static RedisServer start(String... extraArgs) throws IOException {
		RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-test"));
		server.extraArgs = List.of(extraArgs);
		server.restart();
		return server;
	}

	/**
	 * Starts a Sentinel ({@code redis-server <config> --sentinel}) on a free loopback
	 * port, watching the master {@code masterName} at {@code 127.0.0.1:masterPort} with a
	 * quorum of one.
	 */
	public static RedisServer sentinel(String masterName, int masterPort) throws IOException {
		RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-sentinel-test"));
		Path config = server.dir.resolve("sentinel.conf");
		Files.writeString(config, "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1\n");
		server.configFile = config.toString();
		server.extraArgs = List.of("--sentinel");
		server.restart();
		return server;
	}

	/**
	 * Starts the server again on its port (after {@link #kill()}); nothing when it runs.
	 */
	public synchronized void restart() throws IOException {
		if (process != null && process.isAlive()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of("redis-server"));
		if (configFile != null) {
			command.add(configFile);
		}
		command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
				"no", "--dir", dir.toString(), "--protected-mode", "no"));
		command.addAll(extraArgs);
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(dir.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IOException("redis-server is not installed: run scripts/test.sh (it installs the Debian package)",
					ex);
		}
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
			}
			if (ping()) {
				return;
			}
			try {
				process.waitFor(50, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}
		throw new IOException("redis-server did not answer PING within " + STARTUP);
	}

	private boolean ping() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[7];
			int read = in.readNBytes(buffer, 0, 7);
			return read == 7 && new String(buffer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Kills the server without warning (SIGKILL), as a crash would. */
	public synchronized void kill() throws InterruptedException {
		if (process != null) {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** Whether the server runs. */
	public synchronized boolean isRunning() {
		return process != null && process.isAlive();
	}

	public int port() {
		return port;
	}

	public String host() {
		return "127.0.0.1";
	}

	/** {@code redis://127.0.0.1:<port>}. */
	public String uri() {
		return "redis://127.0.0.1:" + port;
	}

	@Override
	public synchronized void close() throws InterruptedException {
		if (process != null) {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * A port free on the loopback interface now, below the kernel's ephemeral range
	 * ({@code net.ipv4.ip_local_port_range}). A port from that range ({@code new
	 * ServerSocket(0)}) is not safe for a server that is killed and restarted on it:
	 * while it is down, any outgoing connection of the machine may be given the same port
	 * as its local end (or a client retrying to connect to it may connect to itself), and
	 * the restart then fails with "Address already in use". Ports below the range are
	 * only ever taken by an explicit bind.
	 */
	public static int freePort() throws IOException {
		int below = ephemeralRangeStart();
		int from = Math.max(1024, below - 12_000);
		IOException last = null;
		for (int attempt = 0; attempt < 200; attempt++) {
			int candidate = from + ThreadLocalRandom.current().nextInt(below - from);
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate), 1);
				return candidate;
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw new IOException("no free loopback port between " + from + " and " + below, last);
	}

	private static int ephemeralRangeStart() {
		try {
			String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
			int start = Integer.parseInt(range.split("\\s+")[0]);
			return (start > 2048) ? start : 32768;
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: the IANA dynamic range starts at 49152, Linux's default at 32768
			return 32768;
		}
	}

}
