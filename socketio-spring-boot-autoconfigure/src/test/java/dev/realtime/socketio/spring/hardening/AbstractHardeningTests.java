package dev.realtime.socketio.spring.hardening;

import java.time.Duration;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import dev.realtime.socketio.spring.web.AbstractEngineWireTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks of issue 13 against a Socket.IO application with the starter's defaults, over raw
 * connections, the same tests for every web stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractHardeningTests {

	protected static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

	private ConfigurableApplicationContext context;

	private int port;

	protected abstract WebApplicationType webApplicationType();

	/** Properties of the application besides the port. */
	protected String[] properties() {
		return new String[0];
	}

	@BeforeAll
	void startApplication() {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(HardeningTestConfiguration.class);
		if (webApplicationType() == WebApplicationType.REACTIVE) {
			builder.sources(AbstractEngineWireTests.NettyServerConfiguration.class);
		}
		this.context = builder.web(webApplicationType())
			.properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties())
			.run();
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	protected int port() {
		return port;
	}

	protected RawConnection connect() throws Exception {
		return RawConnection.open(port, TIMEOUT);
	}

	// ---------------------------------------------------------------- cross-site WebSocket hijacking

	@Test
	void crossSiteWebSocketCarryingASessionCookieIsRefused() throws Exception {
		try (RawConnection connection = connect()) {
			assertThat(connection.upgrade(WEBSOCKET, "Origin", "http://evil.example", "Cookie", "SESSION=victim"))
				.isEqualTo(403);
		}
	}

	@Test
	void sameOriginPagesAndClientsWithoutOriginMayOpenAWebSocket() throws Exception {
		try (RawConnection page = connect(); RawConnection nonBrowser = connect()) {
			assertThat(page.upgrade(WEBSOCKET, "Origin", "http://127.0.0.1:" + port, "Cookie", "SESSION=mine"))
				.isEqualTo(101);
			assertThat(page.readFrame().text()).startsWith("0{\"sid\":");
			assertThat(nonBrowser.upgrade(WEBSOCKET)).isEqualTo(101);
			assertThat(nonBrowser.readFrame().text()).startsWith("0{\"sid\":");
		}
	}

	/** The application: an echo on the main namespace. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	public static class HardeningTestConfiguration {

		@Bean
		SocketIoServerCustomizer echo() {
			return (SocketIoServer io) -> io.on((socket) -> socket.on("echo", (args, ack) -> {
				if (ack != null) {
					ack.send(args.toArray());
				}
				else {
					socket.emit("echo", args.toArray());
				}
			}));
		}
	}
}
