package dev.realtime.socketio.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

	/** A port free on the loopback interface now. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
