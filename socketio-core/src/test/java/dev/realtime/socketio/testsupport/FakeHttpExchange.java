package dev.realtime.socketio.testsupport;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.spi.HttpExchange;
import dev.realtime.socketio.engine.spi.HttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * An {@link HttpExchange} as a web stack binding would hand it over: the request is fixed
 * when the test builds it, the response is recorded, and {@link #abort()} plays a client
 * that goes away. Also usable as the plain {@code EngineRequest} of a WebSocket upgrade.
 */
public final class FakeHttpExchange implements HttpExchange {

	private final String method;

	private final String path;

	private final @Nullable String rawQuery;

	private final Map<String, List<String>> query = new LinkedHashMap<>();

	private final Map<String, List<String>> headers = new LinkedHashMap<>();

	private byte[] body = new byte[0];

	private @Nullable Principal principal;

	private @Nullable InetSocketAddress remoteAddress = new InetSocketAddress("127.0.0.1", 54321);

	private final List<HttpResponse> responses = new ArrayList<>();

	private @Nullable Runnable abortCallback;

	private int abortRegistrations;

	private FakeHttpExchange(String method, String path, @Nullable String rawQuery) {
		this.method = method;
		this.path = path;
		this.rawQuery = rawQuery;
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				int eq = pair.indexOf('=');
				String name = decode((eq < 0) ? pair : pair.substring(0, eq));
				String value = (eq < 0) ? "" : decode(pair.substring(eq + 1));
				query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			}
		}
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/**
	 * A request with this method on {@code /engine.io/} with the query string (without
	 * {@code ?}).
	 */
	public static FakeHttpExchange request(String method, @Nullable String rawQuery) {
		return new FakeHttpExchange(method, "/engine.io/", rawQuery);
	}

	public static FakeHttpExchange get(@Nullable String rawQuery) {
		return request("GET", rawQuery);
	}

	public static FakeHttpExchange post(@Nullable String rawQuery, String body) {
		return request("POST", rawQuery).body(body);
	}

	public FakeHttpExchange header(String name, String value) {
		headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		return this;
	}

	public FakeHttpExchange body(String text) {
		return body(text.getBytes(StandardCharsets.UTF_8));
	}

	public FakeHttpExchange body(byte[] bytes) {
		this.body = bytes;
		return this;
	}

	public FakeHttpExchange remoteAddress(@Nullable InetSocketAddress remoteAddress) {
		this.remoteAddress = remoteAddress;
		return this;
	}

	public FakeHttpExchange principal(Principal principal) {
		this.principal = principal;
		return this;
	}

	// ---------------------------------------------------------------- request

	@Override
	public String method() {
		return method;
	}

	@Override
	public String path() {
		return path;
	}

	@Override
	public @Nullable String rawQuery() {
		return rawQuery;
	}

	@Override
	public Map<String, List<String>> queryParameters() {
		return query;
	}

	@Override
	public Map<String, List<String>> headers() {
		return headers;
	}

	@Override
	public @Nullable InetSocketAddress remoteAddress() {
		return remoteAddress;
	}

	@Override
	public @Nullable Principal principal() {
		return principal;
	}

	@Override
	public boolean secure() {
		return false;
	}

	@Override
	public byte[] body() {
		return body;
	}

	// ---------------------------------------------------------------- response

	@Override
	public synchronized void respond(HttpResponse response) {
		responses.add(response);
	}

	@Override
	public synchronized void onAbort(Runnable callback) {
		abortRegistrations++;
		this.abortCallback = callback;
	}

	/**
	 * The client goes away: runs the abort callback the server registered, if the
	 * exchange is still open.
	 */
	public void abort() {
		Runnable callback;
		synchronized (this) {
			callback = responses.isEmpty() ? abortCallback : null;
		}
		if (callback != null) {
			callback.run();
		}
	}

	/** Whether the server completed the exchange. */
	public synchronized boolean answered() {
		return !responses.isEmpty();
	}

	/** How many times the server called {@code respond} (the contract says once). */
	public synchronized int responseCount() {
		return responses.size();
	}

	/**
	 * How many times the server registered an abort callback (the contract says at most
	 * once).
	 */
	public synchronized int abortRegistrations() {
		return abortRegistrations;
	}

	/** The response; fails when there is none yet or there was more than one. */
	public synchronized HttpResponse response() {
		if (responses.size() != 1) {
			throw new AssertionError("expected exactly one response, got " + responses.size());
		}
		return responses.get(0);
	}

	public int status() {
		return response().status();
	}

	public String bodyText() {
		return response().bodyText();
	}

	public @Nullable String responseHeader(String name) {
		for (Map.Entry<String, String> entry : response().headers().entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name)) {
				return entry.getValue();
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return method + " " + uri();
	}

}
