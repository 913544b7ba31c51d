package dev.realtime.socketio.spring.annotation.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * The resolvers of handler method parameters, asked in their order; the first one
 * supporting a parameter is cached for it.
 */
final class SocketArgumentResolverComposite {

	private final List<SocketArgumentResolver> resolvers;

	private final Map<MethodParameter, Optional<SocketArgumentResolver>> cache = new ConcurrentHashMap<>();

	SocketArgumentResolverComposite(List<SocketArgumentResolver> resolvers) {
		this.resolvers = List.copyOf(resolvers);
	}

	/** The resolvers, in the order they are asked. */
	List<SocketArgumentResolver> resolvers() {
		return resolvers;
	}

	/** The first resolver supporting the parameter, or {@code null}. */
	@Nullable SocketArgumentResolver resolverFor(MethodParameter parameter) {
		return cache
			.computeIfAbsent(parameter,
					(key) -> resolvers.stream().filter((resolver) -> resolver.supportsParameter(key)).findFirst())
			.orElse(null);
	}

}
