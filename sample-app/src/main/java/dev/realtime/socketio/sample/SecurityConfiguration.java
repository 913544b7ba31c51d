package dev.realtime.socketio.sample;

import dev.realtime.socketio.spring.security.SocketAuthorizationRules;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Security of the sample. By default everything is open, as without Spring Security. With
 * the {@code secure} profile the chat needs a login (form or HTTP Basic; users
 * {@code alice}/{@code alice-pw} and {@code bob}/{@code bob-pw}): the page and the client
 * bundle stay public, the browser's session cookie authenticates the socket's handshake,
 * and the socket rules below refuse an anonymous page's CONNECT with
 * {@code authentication_required}, so that the page can offer the login form.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Configuration(proxyBeanMethods = false)
	@Profile("!secure")
	static class Open {

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		SecurityFilterChain openFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		SecurityWebFilterChain openWebFilterChain(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		/** No users, so that Boot generates no password for a login nobody needs. */
		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		InMemoryUserDetailsManager noUsers() {
			return new InMemoryUserDetailsManager();
		}

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		MapReactiveUserDetailsService noReactiveUsers() {
			return new MapReactiveUserDetailsService(java.util.Map.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Profile("secure")
	@EnableMethodSecurity
	static class Secure {

		/**
		 * What anonymous browsers may load: the page, the client bundle, and the
		 * Socket.IO endpoint, whose handshake still carries the session's user (the
		 * socket rules decide).
		 */
		private static final String[] PUBLIC = { "/", "/index.html", "/js/**", "/socket.io/**", "/favicon.ico",
				"/error" };

		private static final UserDetails[] USERS = {
				User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
				User.withUsername("bob").password("{noop}bob-pw").roles("USER").build() };

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		SecurityFilterChain secureFilterChain(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests(
						(requests) -> requests.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.httpBasic(Customizer.withDefaults())
				// polling POSTs carry no CSRF token; their session id is secret and bound
				// to the user
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/socket.io/**"))
				.build();
		}

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		SecurityWebFilterChain secureWebFilterChain(ServerHttpSecurity http) {
			return http
				.authorizeExchange(
						(exchanges) -> exchanges.pathMatchers(PUBLIC).permitAll().anyExchange().authenticated())
				.formLogin(Customizer.withDefaults())
				.httpBasic(Customizer.withDefaults())
				// polling POSTs carry no CSRF token: the default matcher (unsafe methods)
				// minus the Socket.IO path
				.csrf((csrf) -> csrf
					.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(CsrfWebFilter.DEFAULT_CSRF_MATCHER,
							new NegatedServerWebExchangeMatcher(
									ServerWebExchangeMatchers.pathMatchers("/socket.io/**")))))
				.build();
		}

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(USERS);
		}

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		MapReactiveUserDetailsService reactiveUsers() {
			return new MapReactiveUserDetailsService(USERS);
		}

		/** Signed-in users only: an anonymous page's CONNECT is refused. */
		@Bean
		SocketAuthorizationRules socketAuthorizationRules() {
			return SocketAuthorizationRules.builder().anyNamespace().authenticated().anyEvent().authenticated().build();
		}

	}

}
