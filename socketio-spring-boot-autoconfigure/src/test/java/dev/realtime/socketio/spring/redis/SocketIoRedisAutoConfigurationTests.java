package dev.realtime.socketio.spring.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.redis.RedisAdapter;
import dev.realtime.socketio.redis.RedisPubSub;
import dev.realtime.socketio.redis.RedisServer;
import dev.realtime.socketio.redis.RedisStreamsAdapter;
import dev.realtime.socketio.redis.RedisStreamsAdapterFactory;
import dev.realtime.socketio.redis.RedisStreamsAdapterOptions;
import dev.realtime.socketio.redis.ShardedRedisAdapter;
import dev.realtime.socketio.redis.SocketIoEmitter;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.redis.SocketIoRedisAutoConfiguration;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the Redis adapter and the emitter are configured, on which connection, and the
 * errors when they cannot be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocketIoRedisAutoConfigurationTests {

	private RedisServer redis;

	private ApplicationContextRunner runner;

	@BeforeAll
	void startRedis() throws Exception {
		redis = RedisServer.start();
		runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class,
					SocketIoRedisAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());
	}

	@AfterAll
	void stopRedis() throws Exception {
		redis.close();
	}

	@Test
	void memoryAdapterByDefaultAndNoRedisConnection() {
		runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(RedisPubSub.class)
				.doesNotHaveBean(SocketIoEmitter.class);
			assertThat(context.getBean(SocketIoServer.class).sockets().adapter()).isNotInstanceOf(RedisAdapter.class);
		});
	}

	@Test
	void redisAdapterOnTheApplicationsRedisConnection() {
		runner.withPropertyValues("socketio.adapter.type=redis", "socketio.adapter.redis.key-prefix=app1")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(RedisPubSub.class)
					.doesNotHaveBean(SocketIoEmitter.class);
				SocketIoServer io = context.getBean(SocketIoServer.class);
				assertThat(io.sockets().adapter()).isInstanceOf(RedisAdapter.class);
				assertThat(context.getBean(RedisPubSub.class).isConnected()).isTrue();
				// subscribed to app1-request#/#: this server counts itself
				assertThat(io.sockets().adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(1);
			});
	}

	@Test
	void emitterWithoutSocketIoServer() {
		runner.withPropertyValues("socketio.enabled=false", "socketio.emitter.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(SocketIoEmitter.class)
				.doesNotHaveBean(SocketIoServer.class);
			context.getBean(SocketIoEmitter.class).to("room").emit("event", "payload").get(10, TimeUnit.SECONDS);
		});
	}

	@Test
	void shardedAdapterWithItsSubscriptionMode() {
		runner.withPropertyValues("socketio.adapter.type=redis-sharded").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RedisPubSub.class);
			assertThat(((ShardedRedisAdapter) context.getBean(SocketIoServer.class).sockets().adapter()).mode())
				.isEqualTo(ShardedRedisAdapter.SubscriptionMode.DYNAMIC);
		});
		runner
			.withPropertyValues("socketio.adapter.type=redis-sharded", "socketio.adapter.redis.key-prefix=app2",
					"socketio.adapter.redis.sharded-subscription-mode=dynamic-private")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SocketIoServer io = context.getBean(SocketIoServer.class);
				assertThat(((ShardedRedisAdapter) io.sockets().adapter()).mode())
					.isEqualTo(ShardedRedisAdapter.SubscriptionMode.DYNAMIC_PRIVATE);
				// subscribed to app2#/# (SSUBSCRIBE): this server counts itself
				assertThat(io.sockets().adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(1);
			});
		runner
			.withPropertyValues("socketio.adapter.type=redis-sharded",
					"socketio.adapter.redis.sharded-subscription-mode=sometimes")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining(
						"Failed to bind properties under 'socketio.adapter.redis.sharded-subscription-mode'"));
	}

	@Test
	void redisStreamsAdapterWithItsSettingsAndTheRecoveryWindow() {
		runner
			.withPropertyValues("socketio.adapter.type=redis-streams", "socketio.adapter.redis.key-prefix=app2",
					"socketio.adapter.redis.stream-max-len=500", "socketio.adapter.redis.stream-count=3",
					"socketio.adapter.redis.read-count=7", "socketio.adapter.redis.session-key-prefix=app2:session:",
					"socketio.connection-state-recovery.enabled=true",
					"socketio.connection-state-recovery.max-disconnection-duration=90s")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RedisPubSub.class);
				SocketIoServer io = context.getBean(SocketIoServer.class);
				assertThat(io.sockets().adapter()).isInstanceOf(RedisStreamsAdapter.class);
				RedisStreamsAdapterOptions options = context.getBean(RedisStreamsAdapterFactory.class).options();
				assertThat(options).isEqualTo(new RedisStreamsAdapterOptions("app2", Duration.ofSeconds(5), 500, 3, 7,
						Duration.ofSeconds(5), "app2:session:", Duration.ofSeconds(90)));
				// "/".hashCode() % 3 == 47 % 3
				assertThat(((RedisStreamsAdapter) io.sockets().adapter()).streamName()).isEqualTo("app2-2");
				assertThat(io.sockets().adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(1);
			});
		runner.withPropertyValues("socketio.adapter.type=redis-streams")
			.run((context) -> assertThat(context.getBean(RedisStreamsAdapterFactory.class).options())
				.isEqualTo(RedisStreamsAdapterOptions.defaults()));
		runner.withPropertyValues("socketio.adapter.type=redis-streams", "socketio.adapter.redis.stream-count=0")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("stream-count"));
	}

	@Test
	void streamsEmitterWithoutSocketIoServer() {
		runner
			.withPropertyValues("socketio.enabled=false", "socketio.emitter.enabled=true",
					"socketio.adapter.type=redis-streams", "socketio.adapter.redis.key-prefix=batch")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(SocketIoEmitter.class)
					.doesNotHaveBean(SocketIoServer.class)
					.doesNotHaveBean(RedisStreamsAdapterFactory.class);
				context.getBean(SocketIoEmitter.class).to("room").emit("event", "payload").get(10, TimeUnit.SECONDS);
				// an entry of the stream the servers read, as Node's streams emitter
				// writes it
				RedisPubSub redis = context.getBean(RedisPubSub.class);
				List<StreamMessage<byte[], byte[]>> entries = redis.commands()
					.xrange("batch".getBytes(StandardCharsets.UTF_8), Range.unbounded())
					.get(10, TimeUnit.SECONDS);
				assertThat(entries).hasSize(1);
				Map<String, String> fields = new LinkedHashMap<>();
				entries.get(0)
					.getBody()
					.forEach((key, value) -> fields.put(new String(key, StandardCharsets.UTF_8),
							new String(value, StandardCharsets.UTF_8)));
				assertThat(fields).containsExactly(Map.entry("uid", "emitter"), Map.entry("nsp", "/"),
						Map.entry("type", "3"),
						Map.entry("data", "{\"packet\":{\"type\":2,\"data\":[\"event\",\"payload\"],\"nsp\":\"/\"},"
								+ "\"opts\":{\"rooms\":[\"room\"],\"except\":[],\"flags\":{}}}"));
			});
	}

	@Test
	void unreachableRedisLeavesAStreamsNodeAlone() {
		runner
			.withPropertyValues("spring.data.redis.port=1", "socketio.adapter.type=redis-streams",
					"socketio.connection-state-recovery.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SocketIoServer io = context.getBean(SocketIoServer.class);
				assertThat(io.sockets().adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(1);
				io.emit("local only", "still works");
				assertThat(io.sockets().fetchSockets().get(10, TimeUnit.SECONDS)).isEmpty();
				assertThat(io.sockets().adapter().restoreSession("pid", "1-0").get(10, TimeUnit.SECONDS)).isNull();
			});
	}

	@Test
	void redisAdapterWithoutLettuceFailsClearly() {
		for (String type : List.of("redis", "redis-sharded", "redis-streams")) {
			runner.withClassLoader(new FilteredClassLoader("io.lettuce"))
				.withPropertyValues("socketio.adapter.type=" + type)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("needs socketio-redis and spring-boot-starter-data-redis"));
		}
	}

	@Test
	void unreachableRedisStartsAloneUnlessFailFast() {
		ApplicationContextRunner unreachable = runner.withPropertyValues("spring.data.redis.port=1",
				"socketio.adapter.type=redis");
		unreachable.run((context) -> {
			assertThat(context).hasNotFailed();
			SocketIoServer io = context.getBean(SocketIoServer.class);
			assertThat(context.getBean(RedisPubSub.class).isConnected()).isFalse();
			assertThat(io.sockets().adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(1);
			io.emit("local only", "still works");
		});
		unreachable.withPropertyValues("socketio.adapter.redis.fail-fast=true")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("Connection refused"));
		unreachable.withPropertyValues("socketio.adapter.redis.fail-fast=true")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("socketio.adapter.redis.fail-fast"));
	}

}
