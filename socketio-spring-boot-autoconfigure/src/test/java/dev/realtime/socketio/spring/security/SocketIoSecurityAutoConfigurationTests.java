package dev.realtime.socketio.spring.security;

import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAnnotationsAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.security.SocketIoSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.session.HttpSessionEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/** The conditions of {@link SocketIoSecurityAutoConfiguration}. */
class SocketIoSecurityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class,
				SocketIoAnnotationsAutoConfiguration.class, SocketIoSecurityAutoConfiguration.class));

	@Test
	void withSpringSecurityTheSessionsAreBoundToTheirPrincipalAndTheContextIsSetAroundListeners() {
		runner.run((context) -> {
			SocketIoOptions options = context.getBean(SocketIoOptions.class);
			assertThat(options.engine().requireSamePrincipal()).isTrue();
			assertThat(options.interceptors()).hasAtLeastOneElementOfType(SecurityContextSocketInterceptor.class);
			assertThat(context).hasSingleBean(AuthenticationPrincipalSocketArgumentResolver.class)
				.hasSingleBean(AccessDeniedSocketExceptionHandler.class)
				.hasSingleBean(SocketSecurityCounters.class)
				.hasSingleBean(BearerTokenSocketAuthenticationConverter.class)
				.doesNotHaveBean(SessionEndSocketDisconnector.class);
		});
	}

	@Test
	void withoutSpringSecurityNothingOfItIsConfigured() {
		runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run((context) -> {
			assertThat(context).hasSingleBean(SocketIoServer.class)
				.doesNotHaveBean(SocketSecurityCounters.class)
				.doesNotHaveBean(AuthenticationPrincipalSocketArgumentResolver.class);
			SocketIoOptions options = context.getBean(SocketIoOptions.class);
			assertThat(options.engine().requireSamePrincipal()).isFalse();
			assertThat(options.interceptors()).isEmpty();
		});
	}

	@Test
	void withoutTheResourceServerThereIsNoBearerTokenConverter() {
		runner.withClassLoader(new FilteredClassLoader(BearerTokenAuthenticationToken.class))
			.run((context) -> assertThat(context).hasSingleBean(SocketSecurityCounters.class)
				.doesNotHaveBean(SocketAuthenticationConverter.class));
	}

	@Test
	void theIntegrationCanBeSwitchedOff() {
		runner.withPropertyValues("socketio.security.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketSecurityCounters.class));
	}

	@Test
	void theSessionPrincipalBindingCanBeSwitchedOff() {
		runner.withPropertyValues("socketio.security.bind-session-principal=false")
			.run((context) -> assertThat(context.getBean(SocketIoOptions.class).engine().requireSamePrincipal())
				.isFalse());
	}

	@Test
	void rulesAddTheEventAuthorizationInterceptor() {
		runner.withUserConfiguration(Rules.class)
			.run((context) -> assertThat(context.getBean(SocketIoOptions.class).interceptors())
				.hasAtLeastOneElementOfType(SocketAuthorizationInterceptor.class));
	}

	@Test
	void anApplicationConverterReplacesTheBearerTokenOne() {
		runner.withBean(SocketAuthenticationConverter.class, () -> (auth) -> null)
			.run((context) -> assertThat(context).hasSingleBean(SocketAuthenticationConverter.class)
				.doesNotHaveBean(BearerTokenSocketAuthenticationConverter.class));
	}

	@Test
	void theSessionEndDisconnectorIsOptInAndPublishesServletSessionEvents() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SocketIoAutoConfiguration.class, SocketIoSecurityAutoConfiguration.class))
			.withPropertyValues("socketio.security.disconnect-on-session-end.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(SessionEndSocketDisconnector.class)
				.hasSingleBean(HttpSessionEventPublisher.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Rules {

		@Bean
		SocketAuthorizationRules rules() {
			return SocketAuthorizationRules.builder().anyNamespace().authenticated().anyEvent().permitAll().build();
		}

	}

}
