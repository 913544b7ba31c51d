package dev.realtime.socketio.spring.web.reactive;

import java.lang.reflect.Field;

import io.netty.handler.codec.http.DefaultHttpMessage;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * Lets go of the request and response header maps that Reactor Netty keeps for an
 * upgraded WebSocket's whole life but no longer reads (the session reads its own compact
 * copy of the request, {@link UpgradeRequest}). Emptying a Netty header map keeps its
 * hash table: 184 bytes per map, 368 per idle connection. So the request's map is
 * emptied, then each map is replaced by Netty's shared read-only empty one in the final
 * fields that hold them ({@code DefaultHttpMessage.headers} of the request and of the
 * response, Reactor Netty's {@code HttpServerOperations.responseHeaders} and the request
 * cookies' {@code Cookies.nettyHeaders}).
 *
 * <p>
 * That takes deep reflection on final fields, which the JDK allows up to Java 25; from
 * Java 26 on it warns about it (JEP 500), so there, and wherever a field is missing or
 * not accessible (another Netty or Reactor Netty), the maps are only emptied, as before.
 * {@code NettyHeaderMapsTests} fails when an upgrade of either library moves the fields.
 */
final class NettyHeaderMaps {

	/** {@code DefaultHttpMessage.headers}. */
	private static final @Nullable Field MESSAGE_HEADERS;

	/** {@code HttpServerOperations.nettyRequest}. */
	private static final @Nullable Field REQUEST;

	/** {@code HttpServerOperations.nettyResponse}. */
	private static final @Nullable Field RESPONSE;

	/** {@code HttpServerOperations.responseHeaders}. */
	private static final @Nullable Field RESPONSE_HEADERS;

	/** {@code HttpServerOperations.cookieHolder}. */
	private static final @Nullable Field COOKIES;

	/** {@code Cookies.nettyHeaders}: the request's headers, read for cookies. */
	private static final @Nullable Field COOKIE_HEADERS;

	static {
		boolean allowed = Runtime.version().feature() < 26;
		MESSAGE_HEADERS = allowed ? field("io.netty.handler.codec.http.DefaultHttpMessage", "headers") : null;
		REQUEST = allowed ? field("reactor.netty.http.server.HttpServerOperations", "nettyRequest") : null;
		RESPONSE = allowed ? field("reactor.netty.http.server.HttpServerOperations", "nettyResponse") : null;
		RESPONSE_HEADERS = allowed ? field("reactor.netty.http.server.HttpServerOperations", "responseHeaders") : null;
		COOKIES = allowed ? field("reactor.netty.http.server.HttpServerOperations", "cookieHolder") : null;
		COOKIE_HEADERS = allowed ? field("reactor.netty.http.Cookies", "nettyHeaders") : null;
	}

	private NettyHeaderMaps() {
	}

	/** Whether the maps are dropped (rather than only emptied) on this runtime. */
	static boolean dropping() {
		return MESSAGE_HEADERS != null && REQUEST != null && RESPONSE != null && RESPONSE_HEADERS != null
				&& COOKIES != null && COOKIE_HEADERS != null;
	}

	/**
	 * Empties the request's header map of an upgraded WebSocket's Reactor Netty
	 * operations and drops both maps where it can; on the channel's event loop, once the
	 * 101 is written.
	 */
	static void release(WebsocketInbound inbound) {
		HttpHeaders requestHeaders = inbound.headers();
		if (requestHeaders == EmptyHttpHeaders.INSTANCE) {
			return;
		}
		// whatever else may still hold it holds an empty map
		requestHeaders.clear();
		if (dropping()) {
			drop(inbound, requestHeaders);
		}
	}

	/** Each map goes only where the field holds the map the operations' request has. */
	private static void drop(Object operations, HttpHeaders requestHeaders) {
		Field request = REQUEST;
		Field response = RESPONSE;
		Field responseHeaders = RESPONSE_HEADERS;
		Field headers = MESSAGE_HEADERS;
		Field cookies = COOKIES;
		Field cookieHeaders = COOKIE_HEADERS;
		if (request == null || response == null || responseHeaders == null || headers == null || cookies == null
				|| cookieHeaders == null || !request.getDeclaringClass().isInstance(operations)) {
			return;
		}
		try {
			Object nettyRequest = request.get(operations);
			if (nettyRequest instanceof DefaultHttpMessage message && message.headers() == requestHeaders) {
				headers.set(message, EmptyHttpHeaders.INSTANCE);
			}
			Object cookieHolder = cookies.get(operations);
			if (cookieHeaders.getDeclaringClass().isInstance(cookieHolder)
					&& cookieHeaders.get(cookieHolder) == requestHeaders) {
				cookieHeaders.set(cookieHolder, EmptyHttpHeaders.INSTANCE);
			}
			Object nettyResponse = response.get(operations);
			if (nettyResponse instanceof DefaultHttpMessage message
					&& message.headers() == responseHeaders.get(operations) && message.headers().isEmpty()) {
				headers.set(message, EmptyHttpHeaders.INSTANCE);
				responseHeaders.set(operations, EmptyHttpHeaders.INSTANCE);
			}
		}
		catch (IllegalAccessException | RuntimeException ex) {
			// what was not replaced stays as it was (the request's map emptied)
		}
	}

	private static @Nullable Field field(String className, String name) {
		try {
			Field field = Class.forName(className, false, NettyHeaderMaps.class.getClassLoader())
				.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
