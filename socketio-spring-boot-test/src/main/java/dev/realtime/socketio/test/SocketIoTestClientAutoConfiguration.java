package dev.realtime.socketio.test;

import java.net.URI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link SocketIoTestClient} bean for tests that run the application's web server:
 * pointed at {@code local.server.port} (known once the server runs, so
 * {@code RANDOM_PORT} works), the server's address ({@code server.address}, else
 * 127.0.0.1), the servlet context path or WebFlux base path, and {@code socketio.path};
 * binding with the application's {@code ObjectMapper}. Active whenever this module is on
 * the (test) classpath, or imported by {@link AutoConfigureSocketIoTestClient}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(io.socket.client.IO.class)
@ConditionalOnWebApplication
public final class SocketIoTestClientAutoConfiguration {

	@Bean(destroyMethod = "disconnectAll")
	@ConditionalOnMissingBean
	@Lazy
	SocketIoTestClient socketIoTestClient(Environment environment, ObjectProvider<ObjectMapper> mapper) {
		String path = environment.getProperty("socketio.path", "/socket.io/");
		String prefix = environment.getProperty("server.servlet.context-path",
				environment.getProperty("spring.webflux.base-path", ""));
		if (prefix.endsWith("/")) {
			prefix = prefix.substring(0, prefix.length() - 1);
		}
		String fullPath = prefix + (path.startsWith("/") ? path : "/" + path);
		return new SocketIoTestClient(() -> serverUri(environment), fullPath,
				mapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	private static URI serverUri(Environment environment) {
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			throw new IllegalStateException("SocketIoTestClient needs the application's web server running: use "
					+ "@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT) (or DEFINED_PORT)");
		}
		String address = environment.getProperty("server.address", "127.0.0.1");
		if (address.equals("0.0.0.0") || address.equals("::")) {
			address = "127.0.0.1";
		}
		String host = address.contains(":") ? "[" + address + "]" : address;
		boolean ssl = environment.getProperty("server.ssl.enabled", Boolean.class, false)
				|| environment.getProperty("server.ssl.bundle") != null;
		return URI.create((ssl ? "https" : "http") + "://" + host + ":" + port);
	}

}
