package dev.realtime.socketio.spring.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The server side of {@code security-scenarios.js}: users, rules, annotated and
 * programmatic handlers; the web stack's security chain is
 * {@link ServletSecurityConfiguration} or {@link ReactiveSecurityConfiguration}. The
 * handshake path is open to anonymous users (a JWT may come in the CONNECT payload
 * instead), so the socket rules do the refusing.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableMethodSecurity
@Import({ SecurityScenarioApplication.Chat.class, SecurityScenarioApplication.Admin.class,
		SecurityScenarioApplication.Public.class })
class SecurityScenarioApplication {

	/** Signs the test's tokens; generated here, never fetched. */
	static final KeyPair KEYS = rsaKeys();

	static final List<UserDetails> USERS = List.of(
			User.withUsername("ann").password("{noop}ann-pw").authorities("ROLE_USER", "chat:delete").build(),
			User.withUsername("bob").password("{noop}bob-pw").authorities("ROLE_USER").build(),
			User.withUsername("root").password("{noop}root-pw").authorities("ROLE_USER", "ROLE_ADMIN").build());

	private static KeyPair rsaKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token signed with the test key, valid for a minute (or expired a minute ago). */
	static String jwt(String subject, String scope, boolean expired) {
		return jwt(subject, scope, expired, List.of());
	}

	/** A token with a {@code roles} claim as well. */
	static String jwt(String subject, String scope, boolean expired, List<String> roles) {
		RSAKey key = new RSAKey.Builder((RSAPublicKey) KEYS.getPublic()).privateKey(KEYS.getPrivate()).build();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		Instant now = Instant.now();
		Instant issued = expired ? now.minus(Duration.ofMinutes(10)) : now;
		JwtClaimsSet claims = JwtClaimsSet.builder().subject(subject).claim("scope", scope).claims((all) -> {
			if (!roles.isEmpty()) {
				all.put("roles", roles);
			}
		}).issuedAt(issued).expiresAt(issued.plus(Duration.ofMinutes(1))).build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}

	/**
	 * The authorities of a token, as an application's JWT converter makes them:
	 * {@code SCOPE_…} from the {@code scope} claim (Spring Security's default) and
	 * {@code ROLE_…} from a {@code roles} claim (what
	 * {@code spring.security.oauth2.resourceserver.jwt.authorities-claim-name=roles} and
	 * {@code authority-prefix=ROLE_} make Boot configure).
	 */
	static Converter<Jwt, Collection<GrantedAuthority>> scopesAndRoles() {
		JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName("roles");
		roles.setAuthorityPrefix("ROLE_");
		return (jwt) -> {
			List<GrantedAuthority> authorities = new ArrayList<>(scopes.convert(jwt));
			authorities.addAll(roles.convert(jwt));
			return authorities;
		};
	}

	@Bean
	SocketAuthorizationRules socketAuthorizationRules() {
		return SocketAuthorizationRules.builder()
			.namespace("/admin")
			.hasRole("ADMIN")
			.namespace("/public")
			.permitAll()
			.namespace("/**")
			.authenticated()
			.event("/chat", "delete*")
			.hasAnyAuthority("chat:delete", "SCOPE_chat:delete")
			.event("forbidden-*")
			.denyAll()
			.anyEvent()
			.permitAll()
			.build();
	}

	/**
	 * A programmatic connection listener and event listener, which see the context too.
	 */
	@Bean
	SocketIoServerCustomizer programmaticChat() {
		return (io) -> io.of("/chat").on((socket) -> {
			socket.data().put("connectedAs", currentName());
			socket.on("programmatic-whoami", (args, ack) -> {
				if (ack != null) {
					ack.send(Map.of("connectedAs", socket.data().get("connectedAs"), "now", currentName()));
				}
			});
		});
	}

	static String currentName() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : "none";
	}

	@SocketNamespace("/chat")
	static class Chat {

		@SocketEvent("whoami")
		public Map<String, Object> whoami(@AuthenticationPrincipal @Nullable Object principal,
				java.security.@Nullable Principal user) {
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("context", currentName());
			answer.put("principal", (principal != null) ? principal.getClass().getSimpleName() : "none");
			answer.put("user", (user != null) ? user.getName() : "none");
			return answer;
		}

		@SocketEvent("delete-message")
		public String delete(String id) {
			return "deleted " + id;
		}

		@SocketEvent("admin-report")
		@PreAuthorize("hasRole('ADMIN')")
		public String adminReport() {
			return "report for " + currentName();
		}

		@SocketEvent("forbidden-thing")
		public String forbidden() {
			return "never";
		}

		/**
		 * Completes on another thread; the answer reads the context when it is written.
		 */
		@SocketEvent("async-whoami")
		public CompletableFuture<SentAs> asyncWhoami() {
			return CompletableFuture.supplyAsync(SentAs::new,
					CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
		}

		/** Fails on another thread: the exception handler runs later. */
		@SocketEvent("async-failure")
		public CompletableFuture<String> asyncFailure() {
			return CompletableFuture.supplyAsync(() -> {
				throw new IllegalStateException("late");
			}, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
		}

		@SocketExceptionHandler
		public String lateFailure(IllegalStateException ex) {
			return ex.getMessage() + " failure handled as " + currentName();
		}

	}

	/**
	 * Serialized when the answer is written: says who the thread's security context names
	 * then.
	 */
	public static final class SentAs {

		public String getSentAs() {
			return currentName();
		}

	}

	@SocketNamespace("/admin")
	static class Admin {

		@SocketEvent("ping")
		public String ping() {
			return "pong";
		}

	}

	@SocketNamespace("/public")
	static class Public {

		@SocketEvent("hello")
		public String hello() {
			return "hello " + currentName();
		}

	}

}
