package dev.realtime.socketio.spring.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapters over TLS with an ACL user: redis-server with {@code --tls-port} (a test CA
 * and a certificate for 127.0.0.1 made by {@code openssl} here) and a user
 * {@code socketio} with a password, the only one allowed more than {@code PING}; the
 * nodes use {@code spring.data.redis.ssl.*} with an SSL bundle trusting the test CA and
 * {@code spring.data.redis.username/password}.
 */
class RedisTlsTests extends AbstractRedisConnectionTests {

	private static final String USER = "socketio";

	private static final String PASSWORD = "s3cret-for-tests";

	private Path certificates;

	private RedisServer redis;

	private int tlsPort;

	@BeforeAll
	void startRedisWithTls() throws Exception {
		certificates = Files.createTempDirectory("redis-tls-test");
		openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
				"ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=socketio test CA");
		openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "redis.key",
				"-out", "redis.csr", "-subj", "/CN=127.0.0.1");
		Files.writeString(certificates.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
		openssl("x509", "-req", "-in", "redis.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
				"redis.crt", "-days", "2", "-extfile", "san.ext");
		tlsPort = RedisServer.freePort();
		// the plain port stays for RedisServer's PING check: the default user may do
		// nothing else
		redis = RedisServer.start("--tls-port", String.valueOf(tlsPort), "--tls-cert-file", file("redis.crt"),
				"--tls-key-file", file("redis.key"), "--tls-ca-cert-file", file("ca.crt"), "--tls-auth-clients", "no",
				"--user", "default", "on", "nopass", "-@all", "+ping", "--user", USER, "on", ">" + PASSWORD, "~*", "&*",
				"+@all");
	}

	private String file(String name) {
		return certificates.resolve(name).toString();
	}

	private void openssl(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		Path log = certificates.resolve("openssl.log");
		Process process = new ProcessBuilder(command).directory(certificates.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openssl finished").isTrue();
		assertThat(process.exitValue()).as("%s: %s", command, Files.readString(log)).isZero();
	}

	@AfterAll
	void stopRedis() throws Exception {
		if (redis != null) {
			redis.close();
		}
	}

	@Override
	int redisPort() {
		return tlsPort;
	}

	@Override
	List<String> connectionProperties() {
		return List.of("spring.ssl.bundle.pem.redis-test.truststore.certificate=file:" + file("ca.crt"),
				"spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=redis-test",
				"spring.data.redis.username=" + USER, "spring.data.redis.password=" + PASSWORD);
	}

	@Test
	void aWrongPasswordIsRefused() {
		assertThatThrownBy(() -> node(WebApplicationType.NONE, "refused", "redis", "spring.data.redis.password=wrong",
				"socketio.adapter.redis.fail-fast=true"))
			.hasStackTraceContaining("socketio.adapter.redis.fail-fast")
			.hasStackTraceContaining("WRONGPASS");
	}

}
