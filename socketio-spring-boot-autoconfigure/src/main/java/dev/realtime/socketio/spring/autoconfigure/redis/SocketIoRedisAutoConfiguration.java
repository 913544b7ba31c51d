package dev.realtime.socketio.spring.autoconfigure.redis;

import java.util.concurrent.Executor;
import java.util.function.Function;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.redis.RedisAdapterFactory;
import dev.realtime.socketio.redis.RedisAdapterOptions;
import dev.realtime.socketio.redis.RedisPubSub;
import dev.realtime.socketio.redis.RedisStreamsAdapterFactory;
import dev.realtime.socketio.redis.RedisStreamsAdapterOptions;
import dev.realtime.socketio.redis.ShardedRedisAdapter;
import dev.realtime.socketio.redis.SocketIoEmitter;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoOptionsCustomizer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoProperties;
import io.lettuce.core.AbstractRedisClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scale-out over Redis: with {@code socketio.adapter.type=redis} every namespace gets a
 * {@code RedisAdapter} (Node's {@code @socket.io/redis-adapter} wire format), with
 * {@code redis-sharded} a {@code ShardedRedisAdapter} (Node's
 * {@code createShardedAdapter}, Redis 7 sharded pub/sub), with {@code redis-streams} a
 * {@code RedisStreamsAdapter} (Node's {@code @socket.io/redis-streams-adapter}, recovery
 * across nodes), and with {@code socketio.emitter.enabled=true} a {@link SocketIoEmitter}
 * bean publishes to the clients of the whole cluster (also from an application that runs
 * no Socket.IO server). Both use the application's Lettuce client
 * ({@code spring-boot-starter-data-redis}, {@code spring.data.redis.*}: standalone,
 * Sentinel, Cluster, SSL, user and password) with connections of their own.
 */
@AutoConfiguration(before = SocketIoAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@EnableConfigurationProperties(SocketIoAdapterProperties.class)
public final class SocketIoRedisAutoConfiguration {

	/** Name of the {@link RedisPubSub} bean the adapter and the emitter share. */
	public static final String PUB_SUB_BEAN_NAME = "socketIoRedisPubSub";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisPubSub.class, AbstractRedisClient.class, LettuceConnectionFactory.class })
	@Conditional(RedisWanted.class)
	static class LettuceConfiguration {

		@Bean(name = PUB_SUB_BEAN_NAME, destroyMethod = "close")
		@ConditionalOnMissingBean(name = PUB_SUB_BEAN_NAME)
		RedisPubSub socketIoRedisPubSub(RedisConnectionFactory factory, SocketIoAdapterProperties properties) {
			// a direct dependency: this bean closes its connections before the factory
			// shuts the client down
			if (!(factory instanceof LettuceConnectionFactory lettuce)) {
				throw new IllegalStateException("socketio.adapter.type=redis and socketio.emitter.enabled need "
						+ "spring-boot-starter-data-redis with its Lettuce client, not "
						+ factory.getClass().getName());
			}
			if (!lettuce.isRunning()) {
				lettuce.start();
			}
			RedisPubSub redis = new RedisPubSub(lettuce.getRequiredNativeClient(), properties.getRedis().isFailFast());
			redis.start();
			return redis;
		}

		@Bean
		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis")
		SocketIoOptionsCustomizer socketIoRedisAdapter(RedisPubSub socketIoRedisPubSub,
				SocketIoAdapterProperties properties, ObjectProvider<ObjectMapper> mapper,
				@Qualifier(SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME) Executor executor) {
			SocketIoAdapterProperties.Redis redis = properties.getRedis();
			RedisAdapterOptions options = new RedisAdapterOptions(redis.getKeyPrefix(), redis.getRequestsTimeout(),
					redis.isPublishOnSpecificResponseChannel());
			RedisAdapterFactory factory = new RedisAdapterFactory(socketIoRedisPubSub, options,
					mapper.getIfAvailable(() -> JsonMapper.builder().build()), executor);
			return (builder, engine) -> builder.adapterFactory(factory);
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis-streams")
		@ConditionalOnProperty(prefix = "socketio", name = "enabled", matchIfMissing = true)
		RedisStreamsAdapterFactory socketIoRedisStreamsAdapterFactory(RedisPubSub socketIoRedisPubSub,
				SocketIoAdapterProperties properties, SocketIoProperties socketIo, ObjectProvider<ObjectMapper> mapper,
				@Qualifier(SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME) Executor executor) {
			SocketIoProperties.ConnectionStateRecovery recovery = socketIo.getConnectionStateRecovery();
			RedisStreamsAdapterOptions options = streamsOptions(properties)
				.withRecovery(recovery.isEnabled() ? recovery.getMaxDisconnectionDuration() : null);
			return new RedisStreamsAdapterFactory(socketIoRedisPubSub, options,
					mapper.getIfAvailable(() -> JsonMapper.builder().build()), executor);
		}

		private static RedisStreamsAdapterOptions streamsOptions(SocketIoAdapterProperties properties) {
			SocketIoAdapterProperties.Redis redis = properties.getRedis();
			return new RedisStreamsAdapterOptions(redis.getKeyPrefix(), redis.getRequestsTimeout(),
					redis.getStreamMaxLen(), redis.getStreamCount(), redis.getReadCount(),
					RedisStreamsAdapterOptions.defaults().blockTime(), redis.getSessionKeyPrefix(), null);
		}

		@Bean
		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis-streams")
		@ConditionalOnProperty(prefix = "socketio", name = "enabled", matchIfMissing = true)
		SocketIoOptionsCustomizer socketIoRedisStreamsAdapter(RedisStreamsAdapterFactory factory) {
			return (builder, engine) -> builder.adapterFactory(factory);
		}

		@Bean
		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis-sharded")
		SocketIoOptionsCustomizer socketIoShardedRedisAdapter(RedisPubSub socketIoRedisPubSub,
				SocketIoAdapterProperties properties, ObjectProvider<ObjectMapper> mapper,
				@Qualifier(SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME) Executor executor) {
			SocketIoAdapterProperties.Redis redis = properties.getRedis();
			RedisAdapterOptions options = new RedisAdapterOptions(redis.getKeyPrefix(), redis.getRequestsTimeout(),
					false);
			ShardedRedisAdapter.SubscriptionMode mode = ShardedRedisAdapter.SubscriptionMode
				.valueOf(redis.getShardedSubscriptionMode().name());
			Function<AdapterNamespace, Adapter> factory = RedisAdapterFactory.sharded(socketIoRedisPubSub, options,
					mode, mapper.getIfAvailable(() -> JsonMapper.builder().build()), executor);
			return (builder, engine) -> builder.adapterFactory(factory);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "socketio.emitter", name = "enabled", havingValue = "true")
		SocketIoEmitter socketIoEmitter(RedisPubSub socketIoRedisPubSub, SocketIoAdapterProperties properties,
				ObjectProvider<ObjectMapper> mapper) {
			ObjectMapper objectMapper = mapper.getIfAvailable(() -> JsonMapper.builder().build());
			if (properties.getType() == SocketIoAdapterProperties.Type.REDIS_STREAMS) {
				// the servers read their stream: so does what this emitter sends
				return SocketIoEmitter.streams(socketIoRedisPubSub, streamsOptions(properties), objectMapper);
			}
			return new SocketIoEmitter(socketIoRedisPubSub, properties.getRedis().getKeyPrefix(), objectMapper);
		}

	}

	/**
	 * socketio.adapter.type=redis, redis-sharded or redis-streams needs Lettuce and this
	 * module on the classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional({ RedisAdapterChosen.class, LettuceMissing.class })
	static class RedisAdapterMissing {

		RedisAdapterMissing() {
			throw new IllegalStateException("socketio.adapter.type=redis, redis-sharded or redis-streams needs "
					+ "socketio-redis and spring-boot-starter-data-redis (Lettuce) on the classpath");
		}

	}

	static final class RedisAdapterChosen extends AnyNestedCondition {

		RedisAdapterChosen() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis")
		static class Classic {

		}

		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis-sharded")
		static class Sharded {

		}

		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis-streams")
		static class Streams {

		}

	}

	static final class RedisWanted extends AnyNestedCondition {

		RedisWanted() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis")
		static class AdapterIsRedis {

		}

		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis-sharded")
		static class AdapterIsRedisSharded {

		}

		@ConditionalOnProperty(prefix = "socketio.adapter", name = "type", havingValue = "redis-streams")
		static class AdapterIsRedisStreams {

		}

		@ConditionalOnProperty(prefix = "socketio.emitter", name = "enabled", havingValue = "true")
		static class EmitterEnabled {

		}

	}

	static final class LettuceMissing extends NoneNestedConditions {

		LettuceMissing() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnClass({ RedisPubSub.class, AbstractRedisClient.class, LettuceConnectionFactory.class })
		static class Present {

		}

	}

}
