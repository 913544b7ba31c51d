package dev.realtime.socketio.spring.autoconfigure;

import java.util.concurrent.Executor;

import dev.realtime.socketio.engine.CookieOptions;
import dev.realtime.socketio.engine.CorsPolicy;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.ListenerPool;
import dev.realtime.socketio.protocol.JsonPacketParser;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.web.ClientBundle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the Socket.IO server: a {@link SocketIoServer} bean configured
 * from {@code socketio.*}, its Engine.IO server (which the web stack bindings serve on
 * {@code socketio.path}), and its lifecycle. Every bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(SocketIoServer.class)
@ConditionalOnProperty(prefix = "socketio", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SocketIoProperties.class)
public final class SocketIoAutoConfiguration {

	/**
	 * Name of the executor bean listeners run on; define a bean with this name to replace
	 * it.
	 */
	public static final String EXECUTOR_BEAN_NAME = "socketIoExecutor";

	@Bean(name = EXECUTOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
	Executor socketIoExecutor(SocketIoProperties properties, Environment environment) {
		if (Threading.VIRTUAL.isActive(environment)) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("socketio-");
			executor.setVirtualThreads(true);
			return executor;
		}
		int threads = properties.getExecutor().getThreads();
		return ListenerPool.create((threads > 0) ? threads : ListenerPool.defaultThreads());
	}

	@Bean
	@ConditionalOnMissingBean
	SocketIoOptions socketIoOptions(SocketIoProperties properties, ObjectProvider<ObjectMapper> mapper,
			@Qualifier(EXECUTOR_BEAN_NAME) Executor executor, ObjectProvider<SocketIoOptionsCustomizer> customizers) {
		EngineOptions.Builder engine = engineOptions(properties).executor(executor);
		SocketIoOptions.Builder options = SocketIoOptions.builder()
			.connectTimeout(properties.getConnectTimeout())
			.cleanupEmptyChildNamespaces(properties.isCleanupEmptyChildNamespaces());
		ObjectMapper objectMapper = mapper.getIfAvailable();
		if (objectMapper != null) {
			options.mapper(objectMapper);
		}
		SocketIoProperties.RateLimit rateLimit = properties.getRateLimit();
		options.inboundLimits(new SocketIoOptions.InboundLimits(properties.getAttachmentTimeout(),
				properties.getInbound().getMaxQueuedPackets(), rateLimit.getEventsPerSecond(),
				rateLimit.getBytesPerSecond().toBytes(), rateLimit.getAction()));
		SocketIoProperties.Parser parser = properties.getParser();
		options.parser(new JsonPacketParser((objectMapper != null) ? objectMapper : JsonMapper.builder().build(),
				parser.getMaxAttachments(), parser.getMaxObjectProperties()));
		if (parser.getFormat() == SocketIoProperties.Parser.Format.MSGPACK) {
			options.parser(MsgpackParserFactory.create(objectMapper));
		}
		SocketIoProperties.ConnectionStateRecovery recovery = properties.getConnectionStateRecovery();
		if (recovery.isEnabled()) {
			options.connectionStateRecovery(new SocketIoOptions.ConnectionStateRecovery(
					recovery.getMaxDisconnectionDuration(), recovery.isSkipMiddlewares()));
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(options, engine));
		return options.engine(engine.build()).build();
	}

	/** The engine options the {@code socketio.*} properties describe. */
	static EngineOptions.Builder engineOptions(SocketIoProperties properties) {
		EngineOptions.Builder engine = EngineOptions.builder()
			.path(properties.getPath())
			.pingInterval(properties.getPingInterval())
			.pingTimeout(properties.getPingTimeout())
			.upgradeTimeout(properties.getUpgradeTimeout())
			.maxHttpBufferSize(properties.getMaxHttpBufferSize().toBytes())
			.transports(properties.getTransports())
			.allowUpgrades(properties.isAllowUpgrades())
			.allowEio3(properties.isAllowEio3())
			.addTrailingSlash(properties.isAddTrailingSlash())
			.perMessageDeflate(properties.isPerMessageDeflate())
			.maxBufferedBytes(properties.getOutbound().getMaxBufferedBytes().toBytes())
			.writeHighWaterMark((int) properties.getOutbound().getWriteHighWaterMark().toBytes())
			.compressionThreshold(properties.getHttpCompression().isEnabled()
					? (int) properties.getHttpCompression().getThreshold().toBytes() : -1);
		SocketIoProperties.Cors cors = properties.getCors();
		if (!cors.getAllowedOrigins().isEmpty() || !cors.getAllowedOriginPatterns().isEmpty()) {
			engine.cors(CorsPolicy.builder()
				.allowedOrigins(cors.getAllowedOrigins())
				.allowedOriginPatterns(cors.getAllowedOriginPatterns())
				.allowedMethods(cors.getAllowedMethods())
				.allowedHeaders(cors.getAllowedHeaders())
				.exposedHeaders(cors.getExposedHeaders())
				.allowCredentials(cors.isAllowCredentials())
				.maxAge(cors.getMaxAge())
				.build());
		}
		SocketIoProperties.Cookie cookie = properties.getCookie();
		if (cookie.isEnabled()) {
			engine.cookie(new CookieOptions(cookie.getName(), cookie.getPath(), cookie.isHttpOnly(),
					cookie.getSameSite(), cookie.isSecure(), cookie.getMaxAge()));
		}
		return engine;
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	SocketIoServer socketIoServer(SocketIoOptions options, SocketIoProperties properties,
			ObjectProvider<SocketIoServerCustomizer> customizers) {
		SocketIoServer server = new SocketIoServer(options);
		server.engine().setMaxConnections(properties.getMaxConnections());
		server.engine().setMaxMemory(properties.getMemory().maxTotalBytes());
		server.setMaxDynamicNamespaces(properties.getMaxDynamicNamespaces());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(server));
		return server;
	}

	/**
	 * The Engine.IO server of the Socket.IO server, for the web stack bindings to serve.
	 */
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean(name = "socketIoEngineServer")
	EngineServer socketIoEngineServer(SocketIoServer server) {
		return server.engine();
	}

	/**
	 * The client bundle the bindings serve under {@code socketio.path}
	 * ({@code socketio.serve-client}).
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "socketio", name = "serve-client", matchIfMissing = true)
	ClientBundle socketIoClientBundle(SocketIoServer server) {
		return ClientBundle.load(server.options().engine().path());
	}

	@Bean
	@ConditionalOnMissingBean
	SocketIoLifecycle socketIoLifecycle(SocketIoServer server) {
		return new SocketIoLifecycle(server);
	}

	/** One INFO line once the web server has started: where Socket.IO is served. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	@ConditionalOnClass(name = "org.springframework.boot.web.server.context.WebServerInitializedEvent")
	static class StartupLogConfiguration {

		@Bean
		SocketIoStartupLogger socketIoStartupLogger(SocketIoServer server, ApplicationContext context) {
			return new SocketIoStartupLogger(server, context);
		}

	}

}
