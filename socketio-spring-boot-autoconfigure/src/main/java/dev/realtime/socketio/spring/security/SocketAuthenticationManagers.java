package dev.realtime.socketio.spring.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.util.ClassUtils;

/**
 * Finds what authenticates the CONNECT payloads in the application context: bearer tokens
 * go to the application's {@code JwtDecoder} (or {@code ReactiveJwtDecoder}) through
 * Spring Security's JWT provider, with the application's {@code Converter<Jwt, …>} bean
 * when there is one (Boot's {@code JwtAuthenticationConverter} on Spring MVC,
 * {@code ReactiveJwtAuthenticationConverter} on WebFlux, built from
 * {@code spring.security.oauth2.resourceserver.jwt.authorities-claim-name} and
 * {@code authority-prefix}), so that a socket gets the authorities an HTTP request with
 * the same token gets; everything else (and tokens without a decoder) to the
 * application's {@link AuthenticationManager} bean, or its
 * {@link ReactiveAuthenticationManager} bean. Reactive managers are waited for:
 * middlewares run on the connection's executor, never on an I/O thread.
 */
public final class SocketAuthenticationManagers {

	private static final ClassLoader classLoader = SocketAuthenticationManagers.class.getClassLoader();

	private static final boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Mono", classLoader);

	private static final boolean jwtPresent = ClassUtils.isPresent(
			"org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider", classLoader)
			&& ClassUtils.isPresent("org.springframework.security.oauth2.jwt.JwtDecoder", classLoader);

	private SocketAuthenticationManagers() {
	}

	/** The manager for CONNECT payloads, or {@code null} when the context offers none. */
	public static @Nullable AuthenticationManager find(ListableBeanFactory beanFactory, Duration timeout) {
		AuthenticationManager application = beanFactory.getBeanProvider(AuthenticationManager.class).getIfUnique();
		if (application == null && reactorPresent) {
			application = Reactive.manager(beanFactory, timeout);
		}
		List<AuthenticationProvider> tokenProviders = jwtPresent ? Jwt.providers(beanFactory, timeout, reactorPresent)
				: List.of();
		if (tokenProviders.isEmpty()) {
			return application;
		}
		// bearer tokens to the decoder; whatever no provider supports to the
		// application's manager
		return (application != null) ? new ProviderManager(tokenProviders, application)
				: new ProviderManager(tokenProviders);
	}

	static AuthenticationManager blocking(ReactiveAuthenticationManager manager, Duration timeout) {
		return (authentication) -> {
			try {
				return manager.authenticate(authentication).block(timeout);
			}
			catch (IllegalStateException ex) {
				// block's timeout
				throw new AuthenticationServiceException("The authentication did not complete in " + timeout, ex);
			}
		};
	}

	/** Kept apart so that Reactor is only loaded when it is on the classpath. */
	private static final class Reactive {

		static @Nullable AuthenticationManager manager(ListableBeanFactory beanFactory, Duration timeout) {
			ReactiveAuthenticationManager reactive = beanFactory.getBeanProvider(ReactiveAuthenticationManager.class)
				.getIfUnique();
			return (reactive != null) ? blocking(reactive, timeout) : null;
		}

	}

	/**
	 * Kept apart so that the resource server classes are only loaded when they are on the
	 * classpath.
	 */
	private static final class Jwt {

		/**
		 * What the servlet resource server uses: Boot's
		 * {@code JwtAuthenticationConverter} or the application's.
		 */
		private static final ResolvableType CONVERTER = ResolvableType.forType(
				new ParameterizedTypeReference<Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends AbstractAuthenticationToken>>() {
				});

		static List<AuthenticationProvider> providers(ListableBeanFactory beanFactory, Duration timeout,
				boolean reactor) {
			List<AuthenticationProvider> providers = new ArrayList<>();
			Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends AbstractAuthenticationToken> converter = converter(
					beanFactory);
			JwtDecoder decoder = beanFactory.getBeanProvider(JwtDecoder.class).getIfUnique();
			if (decoder != null) {
				JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
				if (converter == null && reactor) {
					converter = ReactiveJwt.blockingConverter(beanFactory, timeout);
				}
				if (converter != null) {
					provider.setJwtAuthenticationConverter(converter);
				}
				providers.add(provider);
			}
			else if (reactor) {
				AuthenticationProvider reactive = ReactiveJwt.provider(beanFactory, converter, timeout);
				if (reactive != null) {
					providers.add(reactive);
				}
			}
			return providers;
		}

		@SuppressWarnings("unchecked")
		private static @Nullable Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends AbstractAuthenticationToken> converter(
				ListableBeanFactory beanFactory) {
			return (Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends AbstractAuthenticationToken>) beanFactory
				.getBeanProvider(CONVERTER)
				.getIfUnique();
		}

	}

	/** Kept apart so that Reactor is only loaded when it is on the classpath. */
	private static final class ReactiveJwt {

		/**
		 * What the WebFlux resource server uses: Boot's
		 * {@code ReactiveJwtAuthenticationConverter} or the application's.
		 */
		private static final ResolvableType CONVERTER = ResolvableType.forType(
				new ParameterizedTypeReference<Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends Mono<? extends AbstractAuthenticationToken>>>() {
				});

		static @Nullable AuthenticationProvider provider(ListableBeanFactory beanFactory,
				@Nullable Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends AbstractAuthenticationToken> blockingConverter,
				Duration timeout) {
			ReactiveJwtDecoder decoder = beanFactory.getBeanProvider(ReactiveJwtDecoder.class).getIfUnique();
			if (decoder == null) {
				return null;
			}
			JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
			Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends Mono<? extends AbstractAuthenticationToken>> converter = converter(
					beanFactory);
			if (converter != null) {
				manager.setJwtAuthenticationConverter(converter);
			}
			else if (blockingConverter != null) {
				manager.setJwtAuthenticationConverter(
						new ReactiveJwtAuthenticationConverterAdapter(blockingConverter::convert));
			}
			AuthenticationManager blocking = blocking(manager, timeout);
			return new AuthenticationProvider() {

				@Override
				public Authentication authenticate(Authentication authentication) {
					return blocking.authenticate(authentication);
				}

				@Override
				public boolean supports(Class<?> authentication) {
					return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
				}
			};
		}

		/**
		 * The application's reactive converter, waited for, for a blocking
		 * {@code JwtDecoder}.
		 */
		static @Nullable Converter<org.springframework.security.oauth2.jwt.Jwt, AbstractAuthenticationToken> blockingConverter(
				ListableBeanFactory beanFactory, Duration timeout) {
			Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends Mono<? extends AbstractAuthenticationToken>> converter = converter(
					beanFactory);
			if (converter == null) {
				return null;
			}
			return (jwt) -> {
				Mono<? extends AbstractAuthenticationToken> authentication = converter.convert(jwt);
				return (authentication != null) ? authentication.block(timeout) : null;
			};
		}

		@SuppressWarnings("unchecked")
		private static @Nullable Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends Mono<? extends AbstractAuthenticationToken>> converter(
				ListableBeanFactory beanFactory) {
			return (Converter<org.springframework.security.oauth2.jwt.Jwt, ? extends Mono<? extends AbstractAuthenticationToken>>) beanFactory
				.getBeanProvider(CONVERTER)
				.getIfUnique();
		}

	}

}
