package dev.realtime.socketio.spring.web.reactive;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.RequestSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The request a natively upgraded WebSocket keeps reads what the copy
 * ({@link RequestSnapshots}) reads, without copying.
 */
class UpgradeRequestTests {

	private static final URI URL = URI
		.create("http://127.0.0.1:8080/socket.io/?EIO=4&transport=websocket&name=a+b&euro=%E2%82%AC&flag&x=1&x=2"
				+ "&=nameless");

	private final MockServerHttpRequest request = MockServerHttpRequest.method(HttpMethod.GET, URL)
		.header("Origin", "https://good.example")
		.header("X-Multi", "one")
		.header("X-Multi", "two")
		.build();

	private final Principal principal = () -> "alice";

	private final UpgradeRequest upgrade = UpgradeRequest.of(request, principal);

	@Test
	void findsAParameterByItsDecodedName() {
		UpgradeRequest encoded = UpgradeRequest.of(MockServerHttpRequest
			.method(HttpMethod.GET, URI.create("http://localhost/socket.io/?ab=0&a%62c=1&abc=2&na+me=3&abcd=4"))
			.build(), null);
		assertThat(encoded.queryParameter("abc")).isEqualTo("1");
		assertThat(encoded.queryParameter("na me")).isEqualTo("3");
		assertThat(encoded.queryParameter("abcd")).isEqualTo("4");
		assertThat(encoded.queryParameter("a")).isNull();
		assertThat(encoded.queryParameters().get("abc")).containsExactly("1", "2");
	}

	@Test
	void readsTheQueryAsWebFluxDecodesIt() {
		assertThat(upgrade.queryParameter("EIO")).isEqualTo("4");
		assertThat(upgrade.queryParameter("name")).isEqualTo("a b");
		assertThat(upgrade.queryParameter("euro")).isEqualTo("€");
		assertThat(upgrade.queryParameter("flag")).isEmpty();
		assertThat(upgrade.queryParameter("x")).isEqualTo("1");
		assertThat(upgrade.queryParameter("missing")).isNull();
		assertThat(upgrade.queryParameters().get("x")).containsExactly("1", "2");
		assertThat(upgrade.queryParameters()).containsOnlyKeys("EIO", "transport", "name", "euro", "flag", "x");
		assertThat(upgrade.queryParameters()).containsEntry("transport", List.of("websocket"));
		assertThat(upgrade.rawQuery()).isEqualTo(URL.getRawQuery());
		assertThat(upgrade.uri()).isEqualTo("/socket.io/?" + URL.getRawQuery());
	}

	@Test
	void readsHeadersCaseInsensitively() {
		assertThat(upgrade.header("origin")).isEqualTo("https://good.example");
		assertThat(upgrade.headers().get("ORIGIN")).containsExactly("https://good.example");
		assertThat(upgrade.headers().get("x-multi")).containsExactly("one", "two");
		assertThat(upgrade.headers()).containsKey("x-multi").doesNotContainKey("Cookie");
		assertThat(upgrade.headers().get("Cookie")).isNull();
		assertThat(upgrade.headers().keySet()).contains("Origin", "X-Multi");
	}

	@Test
	void isReadOnly() {
		Map<String, List<String>> headers = upgrade.headers();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> headers.put("Origin", List.of("https://evil.example")));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> headers.get("X-Multi").add("three"));
		Map<String, List<String>> query = upgrade.queryParameters();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> query.put("EIO", List.of("3")));
	}

	@Test
	void mayBeKeptAsItIsAndReadsLikeTheCopy() {
		RequestSnapshot copy = RequestSnapshots.of(MockServerHttpRequest
			.method(HttpMethod.GET, URI
				.create("http://127.0.0.1:8080/socket.io/?EIO=4&transport=websocket&name=a+b&euro=%E2%82%AC&x=1&x=2"))
			.header("Origin", "https://good.example")
			.build(), principal);
		UpgradeRequest same = UpgradeRequest.of(MockServerHttpRequest
			.method(HttpMethod.GET, URI
				.create("http://127.0.0.1:8080/socket.io/?EIO=4&transport=websocket&name=a+b&euro=%E2%82%AC&x=1&x=2"))
			.header("Origin", "https://good.example")
			.build(), principal);

		assertThat(upgrade.retainable()).isTrue();
		assertThat(copy.retainable()).isFalse();
		assertThat(same.method()).isEqualTo(copy.method());
		assertThat(same.path()).isEqualTo(copy.path());
		assertThat(same.queryParameters()).isEqualTo(copy.queryParameters());
		assertThat(same.header("Origin")).isEqualTo(copy.header("Origin"));
		assertThat(same.principal()).isSameAs(copy.principal());
		assertThat(same.secure()).isEqualTo(copy.secure()).isFalse();
		assertThat(RequestSnapshot.of(same).headers()).isEqualTo(copy.headers());
	}

	@Test
	void keepsItsHeadersCompactlyWithNamesAndCommonValuesSharedBetweenConnections() {
		UpgradeRequest first = UpgradeRequest.of(MockServerHttpRequest.method(HttpMethod.GET, URL)
			.header("Upgrade", "websocket")
			.header("Sec-WebSocket-Key", "first-key")
			.build(), null);
		UpgradeRequest second = UpgradeRequest.of(MockServerHttpRequest.method(HttpMethod.GET, URL)
			.header("Upgrade", "websocket")
			.header("Sec-WebSocket-Key", "second-key")
			.build(), null);

		assertThat(first.header("upgrade")).isEqualTo("websocket").isSameAs(second.header("Upgrade"));
		assertThat(first.headers().keySet()).containsExactly("Upgrade", "Sec-WebSocket-Key");
		assertThat(first.headers().keySet().iterator().next()).isSameAs(second.headers().keySet().iterator().next());
		assertThat(first.header("Sec-WebSocket-Key")).isEqualTo("first-key");
		assertThat(second.header("sec-websocket-key")).isEqualTo("second-key");
		assertThat(first.path()).isEqualTo("/socket.io/");
		assertThat(first.rawQuery()).isEqualTo(URL.getRawQuery());
	}

	@Test
	void aRequestWithoutQueryHasItsPathAsUri() {
		UpgradeRequest bare = UpgradeRequest.of(
				MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://127.0.0.1:8080/socket.io/")).build(),
				null);

		assertThat(bare.uri()).isEqualTo("/socket.io/");
		assertThat(bare.path()).isEqualTo("/socket.io/");
		assertThat(bare.rawQuery()).isNull();
		assertThat(bare.queryParameters()).isEmpty();
		assertThat(bare.headers()).isEmpty();
	}

}
