package dev.realtime.socketio.test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.json.JSONObject;
import org.jspecify.annotations.Nullable;

import io.socket.client.IO;
import io.socket.client.Socket;
import tools.jackson.databind.JsonNode;

/**
 * A Socket.IO client for tests of the running application, on the ecosystem's Java client
 * ({@code io.socket:socket.io-client}), pointed at the server's port
 * ({@code local.server.port}) and {@code socketio.path}. In a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} test with this module on the
 * classpath (or {@link AutoConfigureSocketIoTestClient}), inject it:
 *
 * <pre>{@code
 * &#64;Autowired SocketIoTestClient client;
 *
 * SocketIoTestSocket chat = client.connect("/chat", Map.of("token", "abc"));
 * SocketIoTestSocket polling = client.transports("polling").header("Authorization", "Bearer …").connect("/chat");
 * }</pre>
 *
 * <p>
 * Every socket it opens is disconnected after each test method and when the context
 * closes. Sockets do not reconnect. Thread-safe.
 */
public final class SocketIoTestClient {

	/**
	 * How long connecting, acknowledgements and {@code awaitEvent} wait unless told
	 * otherwise.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final Supplier<URI> server;

	private final String path;

	private final JsonBridge bridge;

	private final List<SocketIoTestSocket> opened = new CopyOnWriteArrayList<>();

	/**
	 * A client of the server at {@code server} (scheme, host and port, asked for at each
	 * connect, so that a port known only once the server runs works).
	 * @param path the Socket.IO path, as {@code socketio.path}
	 */
	public SocketIoTestClient(Supplier<URI> server, String path, tools.jackson.databind.ObjectMapper mapper) {
		this.server = server;
		this.path = path.endsWith("/") ? path : path + "/";
		this.bridge = new JsonBridge(mapper);
	}

	/**
	 * Connects to {@code namespace} (polling, then WebSocket, as the client does by
	 * default).
	 */
	public SocketIoTestSocket connect(String namespace) {
		return options().connect(namespace);
	}

	/**
	 * Connects to {@code namespace} with the CONNECT {@code auth} payload (the Java
	 * client sends strings).
	 */
	public SocketIoTestSocket connect(String namespace, Map<String, String> auth) {
		return options().auth(auth).connect(namespace);
	}

	/**
	 * Options for the next connection, starting with the transports (for example
	 * {@code "websocket"}).
	 */
	public ConnectOptions transports(String... transports) {
		return options().transports(transports);
	}

	/** Options for the next connection, starting with a handshake HTTP header. */
	public ConnectOptions header(String name, String value) {
		return options().header(name, value);
	}

	/** Options for the next connection, starting with a handshake cookie. */
	public ConnectOptions cookie(String name, String value) {
		return options().cookie(name, value);
	}

	/** Options for the next connection. */
	public ConnectOptions options() {
		return new ConnectOptions();
	}

	/** The sockets this client opened and has not disconnected yet. */
	public List<SocketIoTestSocket> openSockets() {
		return List.copyOf(this.opened);
	}

	/** Disconnects every socket this client opened (run after each test method). */
	public void disconnectAll() {
		for (SocketIoTestSocket socket : this.opened) {
			socket.disconnect();
		}
		this.opened.clear();
	}

	/**
	 * How to connect: transports, auth payload, handshake headers and cookies, timeout.
	 */
	public final class ConnectOptions {

		private String[] transports = { "polling", "websocket" };

		private @Nullable Map<String, String> auth;

		private final Map<String, List<String>> headers = new LinkedHashMap<>();

		private final Map<String, String> cookies = new LinkedHashMap<>();

		private Duration timeout = DEFAULT_TIMEOUT;

		private @Nullable String query;

		ConnectOptions() {
		}

		/**
		 * The transports, in the order the client tries them: {@code "polling"},
		 * {@code "websocket"}.
		 */
		public ConnectOptions transports(String... transports) {
			for (String transport : transports) {
				if (!transport.equals("polling") && !transport.equals("websocket")) {
					throw new IllegalArgumentException("Unknown transport \"" + transport + "\": polling or websocket");
				}
			}
			this.transports = transports.clone();
			return this;
		}

		/** The CONNECT payload, {@code socket.handshake().auth()} on the server. */
		public ConnectOptions auth(Map<String, String> auth) {
			this.auth = new LinkedHashMap<>(auth);
			return this;
		}

		/**
		 * An HTTP header on every handshake request (polling requests and the WebSocket
		 * upgrade).
		 */
		public ConnectOptions header(String name, String value) {
			this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			return this;
		}

		/**
		 * A cookie on every handshake request, for example the session cookie of a
		 * logged-in user.
		 */
		public ConnectOptions cookie(String name, String value) {
			this.cookies.put(name, value);
			return this;
		}

		/** Query parameters of the handshake ({@code a=1&b=2}). */
		public ConnectOptions query(String query) {
			this.query = query;
			return this;
		}

		/**
		 * How long connecting, acknowledgements and {@code awaitEvent} wait (default 10
		 * s).
		 */
		public ConnectOptions timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Connects to {@code namespace} and waits until the server let the socket in.
		 * @throws AssertionError when the server refuses (saying why) or does not answer
		 * in time
		 */
		public SocketIoTestSocket connect(String namespace) {
			Attempt attempt = open(namespace);
			Object outcome = attempt.outcome();
			if (outcome instanceof ConnectError error) {
				attempt.socket().close();
				throw new AssertionError("The server refused the connection to " + namespace + ": " + error);
			}
			return attempt.socket();
		}

		/**
		 * Connects to {@code namespace} expecting the server to refuse it.
		 * @return why it refused
		 * @throws AssertionError when the server let the socket in, or did not answer in
		 * time
		 */
		public ConnectError connectExpectingError(String namespace) {
			Attempt attempt = open(namespace);
			Object outcome = attempt.outcome();
			attempt.socket().close();
			if (outcome instanceof ConnectError error) {
				return error;
			}
			throw new AssertionError("Expected the server to refuse the connection to " + namespace
					+ ", but it let socket " + attempt.socket().id() + " in");
		}

		private Attempt open(String namespace) {
			if (!namespace.startsWith("/")) {
				throw new IllegalArgumentException("A namespace starts with '/', got \"" + namespace + "\"");
			}
			IO.Options options = IO.Options.builder()
				.setForceNew(true)
				.setReconnection(false)
				.setPath(SocketIoTestClient.this.path)
				.setTransports(this.transports)
				.setTimeout(this.timeout.toMillis())
				.build();
			if (this.auth != null) {
				options.auth = this.auth;
			}
			if (this.query != null) {
				options.query = this.query;
			}
			Map<String, List<String>> headers = new LinkedHashMap<>(this.headers);
			if (!this.cookies.isEmpty()) {
				headers.put("Cookie",
						List.of(this.cookies.entrySet()
							.stream()
							.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
							.collect(Collectors.joining("; "))));
			}
			options.extraHeaders = headers;
			URI uri = SocketIoTestClient.this.server.get().resolve(namespace);
			Socket socket = IO.socket(uri, options);
			CompletableFuture<Object> outcome = new CompletableFuture<>();
			socket.once(Socket.EVENT_CONNECT, (args) -> outcome.complete(Boolean.TRUE));
			socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> outcome.complete(connectError(args)));
			SocketIoTestSocket testSocket = new SocketIoTestSocket(socket, namespace, SocketIoTestClient.this.bridge,
					this.timeout);
			SocketIoTestClient.this.opened.add(testSocket);
			socket.connect();
			return new Attempt(testSocket, outcome, uri, this.timeout, Arrays.asList(this.transports));
		}

		private ConnectError connectError(Object[] args) {
			Object error = (args.length > 0) ? args[0] : null;
			if (error instanceof JSONObject object) {
				JsonNode tree = SocketIoTestClient.this.bridge.fromClient(object);
				JsonNode data = tree.get("data");
				return new ConnectError(tree.path("message").asString(), (data == null || data.isNull()) ? null : data);
			}
			if (error instanceof Throwable failure) {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				return new ConnectError(failure.getMessage() + ((cause != failure) ? " (" + cause + ")" : ""), null);
			}
			return new ConnectError(String.valueOf(error), null);
		}

	}

	/**
	 * A socket that is connecting, and what it will end with: {@code TRUE} or a
	 * {@link ConnectError}.
	 */
	private record Attempt(SocketIoTestSocket socket, CompletableFuture<Object> result, URI uri, Duration timeout,
			List<String> transports) {

		Object outcome() {
			try {
				return this.result.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				this.socket.close();
				throw new AssertionError("No answer to the connection to " + this.uri + " over " + this.transports
						+ " within " + this.timeout.toMillis() + " ms: is the server running there?", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while connecting to " + this.uri, ex);
			}
			catch (ExecutionException ex) {
				throw new AssertionError("Connecting to " + this.uri + " failed", ex.getCause());
			}
		}
	}

}
