package dev.realtime.socketio.spring.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * Who may join which namespace and send which event, declared as a bean in the style of
 * Spring Security's message matchers. Namespace rules decide the CONNECT, event rules
 * each incoming event; within each kind the first matching rule decides, and what no rule
 * matches is denied (declare {@code anyNamespace()} and {@code anyEvent()} last to choose
 * otherwise). Without a rules bean, nothing is authorized beyond the handshake request,
 * which went through the HTTP security chain.
 *
 * <pre>{@code
 * &#64;Bean
 * SocketAuthorizationRules socketRules() {
 *     return SocketAuthorizationRules.builder()
 *         .namespace("/admin").hasRole("ADMIN")
 *         .namespace("/**").authenticated()
 *         .event("/chat", "delete*").hasAuthority("chat:delete")
 *         .anyEvent().permitAll()
 *         .build();
 * }
 * }</pre>
 *
 * <p>
 * Patterns: a name without wildcards matches exactly; {@code ?} is one character,
 * {@code *} any run of characters (not crossing a {@code /} in namespace names),
 * {@code **} anything; a namespace pattern ending in {@code /**} also matches its prefix
 * ({@code "/**"} matches {@code "/"}).
 */
public final class SocketAuthorizationRules implements AuthorizationManager<SocketAuthorizationContext> {

	private static final AuthorizationDecision DENY = new AuthorizationDecision(false);

	private final List<Rule> connectRules;

	private final List<Rule> eventRules;

	private SocketAuthorizationRules(List<Rule> connectRules, List<Rule> eventRules) {
		this.connectRules = List.copyOf(connectRules);
		this.eventRules = List.copyOf(eventRules);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The decision of the first rule matching the CONNECT or event; denied when none
	 * matches.
	 */
	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			SocketAuthorizationContext context) {
		for (Rule rule : context.isConnect() ? connectRules : eventRules) {
			if (rule.matcher().test(context)) {
				AuthorizationResult result = rule.manager().authorize(authentication, context);
				return (result != null) ? result : DENY;
			}
		}
		return DENY;
	}

	@Override
	public String toString() {
		return "SocketAuthorizationRules[connect=" + connectRules + ", events=" + eventRules + "]";
	}

	private record Rule(String description, Predicate<SocketAuthorizationContext> matcher,
			AuthorizationManager<SocketAuthorizationContext> manager) {

		@Override
		public String toString() {
			return description + " -> " + manager;
		}
	}

	/** Declares the rules in the order they are tried. */
	public static final class Builder {

		private final List<Rule> connectRules = new ArrayList<>();

		private final List<Rule> eventRules = new ArrayList<>();

		private Builder() {
		}

		/**
		 * The CONNECT to a namespace matching one of these patterns (e.g.
		 * {@code "/admin"}, {@code "/team-*"}).
		 */
		public Constraint namespace(String... patterns) {
			Assert.notEmpty(patterns, "at least one namespace pattern is needed");
			List<NameMatcher> matchers = new ArrayList<>();
			for (String pattern : patterns) {
				matchers.add(NameMatcher.namespace(pattern));
			}
			return new Constraint(true, "namespace " + matchers,
					(context) -> matchers.stream().anyMatch((matcher) -> matcher.test(context.namespace())));
		}

		/**
		 * The CONNECT to a namespace whose name the regular expression matches entirely.
		 */
		public Constraint namespace(Pattern pattern) {
			NameMatcher matcher = NameMatcher.regex(pattern);
			return new Constraint(true, "namespace /" + pattern + "/", (context) -> matcher.test(context.namespace()));
		}

		/** The CONNECT to any namespace. */
		public Constraint anyNamespace() {
			return new Constraint(true, "any namespace", (context) -> true);
		}

		/**
		 * An event matching one of these patterns (e.g. {@code "delete*"}), in any
		 * namespace.
		 */
		public Constraint event(String... patterns) {
			Assert.notEmpty(patterns, "at least one event pattern is needed");
			List<NameMatcher> matchers = new ArrayList<>();
			for (String pattern : patterns) {
				matchers.add(NameMatcher.event(pattern));
			}
			return new Constraint(false, "event " + matchers, (context) -> matches(matchers, context.event()));
		}

		/**
		 * An event matching the event pattern, sent in a namespace matching the namespace
		 * pattern.
		 */
		public Constraint event(String namespacePattern, String eventPattern) {
			NameMatcher namespace = NameMatcher.namespace(namespacePattern);
			NameMatcher event = NameMatcher.event(eventPattern);
			return new Constraint(false, "event " + event + " in " + namespace,
					(context) -> namespace.test(context.namespace()) && matches(List.of(event), context.event()));
		}

		/** Any event in any namespace. */
		public Constraint anyEvent() {
			return new Constraint(false, "any event", (context) -> true);
		}

		private static boolean matches(List<NameMatcher> matchers, @Nullable String event) {
			return event != null && matchers.stream().anyMatch((matcher) -> matcher.test(event));
		}

		public SocketAuthorizationRules build() {
			return new SocketAuthorizationRules(connectRules, eventRules);
		}

		/** What the matched CONNECT or event requires. */
		public final class Constraint {

			private final boolean connect;

			private final String description;

			private final Predicate<SocketAuthorizationContext> matcher;

			private Constraint(boolean connect, String description, Predicate<SocketAuthorizationContext> matcher) {
				this.connect = connect;
				this.description = description;
				this.matcher = matcher;
			}

			public Builder permitAll() {
				return access(SingleResultAuthorizationManager.permitAll());
			}

			public Builder denyAll() {
				return access(SingleResultAuthorizationManager.denyAll());
			}

			/** An authenticated user (not anonymous). */
			public Builder authenticated() {
				return access(AuthenticatedAuthorizationManager.authenticated());
			}

			/**
			 * A user with this role ({@code "ADMIN"} for the authority
			 * {@code ROLE_ADMIN}).
			 */
			public Builder hasRole(String role) {
				return access(AuthorityAuthorizationManager.hasRole(role));
			}

			public Builder hasAnyRole(String... roles) {
				return access(AuthorityAuthorizationManager.hasAnyRole(roles));
			}

			public Builder hasAuthority(String authority) {
				return access(AuthorityAuthorizationManager.hasAuthority(authority));
			}

			public Builder hasAnyAuthority(String... authorities) {
				return access(AuthorityAuthorizationManager.hasAnyAuthority(authorities));
			}

			/**
			 * Whatever the manager decides, e.g. from the socket's rooms or the event's
			 * arguments.
			 */
			public Builder access(AuthorizationManager<SocketAuthorizationContext> manager) {
				Assert.notNull(manager, "manager must not be null");
				(connect ? connectRules : eventRules).add(new Rule(description, matcher, manager));
				return Builder.this;
			}

		}

	}

}
