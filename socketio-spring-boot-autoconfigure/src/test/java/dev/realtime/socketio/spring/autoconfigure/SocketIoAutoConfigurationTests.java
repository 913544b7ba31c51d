package dev.realtime.socketio.spring.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.protocol.JsonPacketParser;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class));

	@Test
	void createsTheServerItsEngineAndLifecycleWithNodeDefaults() {
		runner.run((context) -> {
			assertThat(context).hasSingleBean(SocketIoServer.class)
				.hasSingleBean(EngineServer.class)
				.hasSingleBean(SocketIoLifecycle.class);
			EngineOptions engine = context.getBean(SocketIoServer.class).engine().options();
			assertThat(engine.path()).isEqualTo("/socket.io/");
			assertThat(engine.pingInterval()).isEqualTo(Duration.ofSeconds(25));
			assertThat(engine.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(engine.maxHttpBufferSize()).isEqualTo(1_000_000);
			assertThat(engine.cors()).isNull();
			assertThat(engine.cookie()).isNull();
			assertThat(context.getBean(SocketIoOptions.class).connectionStateRecovery()).isNull();
			assertThat(context.getBean(EngineServer.class)).isSameAs(context.getBean(SocketIoServer.class).engine());
		});
	}

	@Test
	void bindsEveryPropertyToTheOptions() {
		runner.withPropertyValues("socketio.path=/io", "socketio.ping-interval=3s", "socketio.ping-timeout=2s",
				"socketio.upgrade-timeout=1s", "socketio.connect-timeout=5s", "socketio.max-http-buffer-size=2KB",
				"socketio.transports=websocket", "socketio.allow-upgrades=false", "socketio.per-message-deflate=true",
				"socketio.cleanup-empty-child-namespaces=true", "socketio.cors.allowed-origins=https://a.example",
				"socketio.cors.allow-credentials=true", "socketio.cookie.enabled=true", "socketio.cookie.name=sticky",
				"socketio.http-compression.enabled=false", "socketio.connection-state-recovery.enabled=true",
				"socketio.connection-state-recovery.max-disconnection-duration=30s",
				"socketio.connection-state-recovery.skip-middlewares=false", "socketio.outbound.max-buffered-bytes=1MB",
				"socketio.outbound.write-high-water-mark=64KB")
			.run((context) -> {
				SocketIoOptions options = context.getBean(SocketIoOptions.class);
				EngineOptions engine = options.engine();
				assertThat(engine.path()).isEqualTo("/io/");
				assertThat(engine.pingInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(engine.pingTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(engine.upgradeTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(engine.maxHttpBufferSize()).isEqualTo(2048);
				assertThat(engine.transports()).isEqualTo(Set.of("websocket"));
				assertThat(engine.allowUpgrades()).isFalse();
				assertThat(engine.perMessageDeflate()).isTrue();
				assertThat(options.cleanupEmptyChildNamespaces()).isTrue();
				assertThat(engine.cors().allowedOrigins()).containsExactly("https://a.example");
				assertThat(engine.cors().allowCredentials()).isTrue();
				assertThat(engine.cookie().name()).isEqualTo("sticky");
				assertThat(engine.compressionThreshold()).isEqualTo(-1);
				assertThat(options.connectionStateRecovery().maxDisconnectionDuration())
					.isEqualTo(Duration.ofSeconds(30));
				assertThat(options.connectionStateRecovery().skipMiddlewares()).isFalse();
				assertThat(engine.maxBufferedBytes()).isEqualTo(1024 * 1024);
				assertThat(engine.writeHighWaterMark()).isEqualTo(64 * 1024);
			});
	}

	@Test
	void refusesAnUnknownTransportWithAMessageNamingIt() {
		runner.withPropertyValues("socketio.transports=carrier-pigeon")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("carrier-pigeon"));
	}

	@Test
	void refusesAnyOriginWithCredentialsAtStartup() {
		runner.withPropertyValues("socketio.cors.allowed-origins=*", "socketio.cors.allow-credentials=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("allowed origin \"*\" cannot be combined with allowing credentials"));
		runner.withPropertyValues("socketio.cors.allowed-origin-patterns=*", "socketio.cors.allow-credentials=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void bindsTheParserLimits() {
		runner.run((context) -> {
			JsonPacketParser parser = (JsonPacketParser) context.getBean(SocketIoOptions.class).parser();
			assertThat(parser.maxObjectProperties()).isEqualTo(10_000);
			assertThat(parser.maxAttachments()).isEqualTo(10);
		});
		runner.withPropertyValues("socketio.parser.max-object-properties=50", "socketio.parser.max-attachments=2")
			.run((context) -> {
				JsonPacketParser parser = (JsonPacketParser) context.getBean(SocketIoOptions.class).parser();
				assertThat(parser.maxObjectProperties()).isEqualTo(50);
				assertThat(parser.maxAttachments()).isEqualTo(2);
			});
	}

	@Test
	void theMemoryBudgetIsAQuarterOfTheHeapUnlessSet() {
		runner.run((context) -> assertThat(context.getBean(SocketIoServer.class).engine().maxMemory())
			.isEqualTo(Runtime.getRuntime().maxMemory() / 4));
		runner.withPropertyValues("socketio.memory.max-total=64MB")
			.run((context) -> assertThat(context.getBean(SocketIoServer.class).engine().maxMemory())
				.isEqualTo(64L * 1024 * 1024));
		runner.withPropertyValues("socketio.memory.max-total=0")
			.run((context) -> assertThat(context.getBean(SocketIoServer.class).engine().maxMemory()).isZero());
	}

	@Test
	void bindsTheInboundLimits() {
		runner.run((context) -> assertThat(context.getBean(SocketIoOptions.class).inboundLimits())
			.isEqualTo(SocketIoOptions.InboundLimits.defaults()));
		runner
			.withPropertyValues("socketio.attachment-timeout=5s", "socketio.inbound.max-queued-packets=7",
					"socketio.rate-limit.events-per-second=20", "socketio.rate-limit.bytes-per-second=1KB",
					"socketio.rate-limit.action=disconnect")
			.run((context) -> assertThat(context.getBean(SocketIoOptions.class).inboundLimits())
				.isEqualTo(new SocketIoOptions.InboundLimits(Duration.ofSeconds(5), 7, 20, 1024,
						SocketIoOptions.RateLimitAction.DISCONNECT)));
	}

	@Test
	void backsOffEntirelyWhenDisabled() {
		runner.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoServer.class)
				.doesNotHaveBean(EngineServer.class));
	}

	@Test
	void backsOffWhenTheCoreIsMissing() {
		runner.withClassLoader(new FilteredClassLoader(SocketIoServer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoProperties.class));
	}

	@Test
	void backsOffForTheUsersOwnServer() {
		runner.withUserConfiguration(OwnServer.class).run((context) -> {
			assertThat(context).hasSingleBean(SocketIoServer.class);
			assertThat(context.getBean(SocketIoServer.class).engine().options().path()).isEqualTo("/mine/");
		});
	}

	@Test
	void usesTheUsersExecutorByName() {
		runner.withUserConfiguration(OwnExecutor.class)
			.run((context) -> assertThat(context.getBean(SocketIoServer.class).engine().listenerExecutor())
				.isSameAs(context.getBean(SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME)));
	}

	@Test
	void runsListenersOnVirtualThreadsWhenBootSaysSo() {
		runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Executor executor = context.getBean(SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME, Executor.class);
			if (Runtime.version().feature() >= 21) {
				assertThat(executor).isInstanceOf(SimpleAsyncTaskExecutor.class);
			}
			else {
				assertThat(executor).isNotInstanceOf(SimpleAsyncTaskExecutor.class);
			}
		});
	}

	@Test
	void appliesCustomizersInOrder() {
		runner.withUserConfiguration(Customizers.class).run((context) -> {
			SocketIoServer server = context.getBean(SocketIoServer.class);
			assertThat(server.engine().options().requestGate()).isNotNull();
			assertThat(server.namespaces()).extracting("name").contains("/first", "/second");
			assertThat(Customizers.order).isEqualTo("12");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnServer {

		@Bean
		SocketIoServer mine() {
			return new SocketIoServer(
					SocketIoOptions.builder().engine(EngineOptions.builder().path("/mine/").build()).build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnExecutor {

		@Bean(SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME)
		Executor socketIoExecutor() {
			return Runnable::run;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		static String order = "";

		@Bean
		@Order(2)
		SocketIoServerCustomizer second() {
			return (io) -> {
				io.of("/second");
				order += "2";
			};
		}

		@Bean
		@Order(1)
		SocketIoServerCustomizer first() {
			return (io) -> {
				io.of("/first");
				order += "1";
			};
		}

		@Bean
		SocketIoOptionsCustomizer gate() {
			return (options, engine) -> engine.requestGate((request) -> true);
		}

	}

}
