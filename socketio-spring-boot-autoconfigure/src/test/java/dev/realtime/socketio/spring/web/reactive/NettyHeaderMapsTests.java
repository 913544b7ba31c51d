package dev.realtime.socketio.spring.web.reactive;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NettyHeaderMaps} on a real Reactor Netty WebSocket upgrade: once released, the
 * upgraded socket's operations hold Netty's shared empty header map for the request, its
 * cookies and the response instead of their own (emptied maps would keep their hash
 * tables for the connection's life). Fails when a Netty or Reactor Netty upgrade moves
 * the fields it replaces.
 */
class NettyHeaderMapsTests {

	@Test
	void findsTheFieldsItReplacesOnThisRuntime() {
		assertThat(NettyHeaderMaps.dropping()).isEqualTo(Runtime.version().feature() < 26);
	}

	@Test
	void anUpgradedSocketKeepsNoHeaderMapOfItsOwn() throws Exception {
		CompletableFuture<HttpHeaders[]> seen = new CompletableFuture<>();
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((HttpServerRequest request, HttpServerResponse response) -> response.sendWebsocket((in, out) -> {
				HttpHeaders before = in.headers();
				String origin = before.get("Origin");
				NettyHeaderMaps.release(in);
				HttpServerResponse upgraded = (HttpServerResponse) out;
				seen.complete(new HttpHeaders[] { before, in.headers(), upgraded.responseHeaders(),
						((HttpServerRequest) in).requestHeaders() });
				return out.sendString(Mono.just(String.valueOf(origin) + " " + in.headers().isEmpty()))
					.then(out.sendClose());
			}))
			.bindNow();
		try {
			String answer = HttpClient.create()
				.headers((headers) -> headers.set("Origin", "https://good.example"))
				.websocket()
				.uri("ws://127.0.0.1:" + server.port() + "/")
				.handle((in, out) -> in.receive().asString().next())
				.next()
				.block(Duration.ofSeconds(10));
			HttpHeaders[] headers = seen.get(10, TimeUnit.SECONDS);
			// read before the release, empty after it
			assertThat(answer).isEqualTo("https://good.example true");
			assertThat(headers[0].isEmpty()).isTrue();
			if (NettyHeaderMaps.dropping()) {
				assertThat(headers[1]).isSameAs(EmptyHttpHeaders.INSTANCE);
				assertThat(headers[2]).isSameAs(EmptyHttpHeaders.INSTANCE);
				assertThat(headers[3]).isSameAs(EmptyHttpHeaders.INSTANCE);
			}
		}
		finally {
			server.disposeNow(Duration.ofSeconds(5));
		}
	}

}
