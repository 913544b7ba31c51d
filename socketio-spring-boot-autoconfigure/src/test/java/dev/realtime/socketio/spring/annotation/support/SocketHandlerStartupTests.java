package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAnnotationsAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection at startup: where handlers are registered, and the mistakes that fail the
 * startup.
 */
class SocketHandlerStartupTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SocketIoAutoConfiguration.class, SocketIoAnnotationsAutoConfiguration.class));

	@Test
	void duplicateEventMappingInOneNamespaceFailsTheStartupNamingBothMethods() {
		runner.withBean(ChatA.class).withBean(ChatB.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("Duplicate @SocketEvent(\"message\") in namespace /chat")
				.hasMessageContaining("ChatA#message(String)")
				.hasMessageContaining("ChatB#message(String)");
		});
	}

	@Test
	void sameEventInTwoNamespacesIsNoDuplicate() {
		runner.withBean(ChatA.class)
			.withBean(OtherNamespace.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void parameterNothingCanResolveFailsTheStartupNamingTheMethod() {
		runner.withBean(UnresolvableConnect.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("Cannot resolve parameter 1 (String) of @OnConnect method")
				.hasMessageContaining("UnresolvableConnect#joined(Socket, String)");
		});
	}

	@Test
	void exceptionHandlerParameterNothingCanResolveFailsTheStartup() {
		runner.withBean(UnresolvableExceptionHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("@SocketExceptionHandler method")
				.hasMessageContaining("UnresolvableExceptionHandler#failed(RuntimeException, String)");
		});
	}

	@Test
	void reservedEventNameFailsTheStartup() {
		runner.withBean(ReservedEvent.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("@SocketEvent(\"disconnect\") on")
				.hasMessageContaining("ReservedEvent#disconnect()");
		});
	}

	@Test
	void namespaceWithBothNameAndPatternFailsTheStartup() {
		runner.withBean(NameAndPattern.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("@SocketNamespace on")
				.hasMessageContaining("sets both value and pattern");
		});
	}

	@Test
	void handlersAreRegisteredOnTheirNamespacesBeforeTheContextIsReady() {
		runner.withBean(ChatA.class).withBean(Workspace.class).run((context) -> {
			SocketIoServer server = context.getBean(SocketIoServer.class);
			assertThat(server.namespaces()).extracting(Namespace::name).contains("/chat");
			assertThat(server.namespaces()).extracting(Namespace::name)
				.noneMatch((name) -> name.startsWith("/workspace"));
		});
	}

	@Test
	void beansWithoutAnnotationsAreLeftAlone() {
		runner.withBean(String.class, () -> "plain").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SocketIoServer.class).namespaces()).extracting(Namespace::name)
				.containsExactly("/");
		});
	}

	@SocketNamespace("/chat")
	static class ChatA {

		@SocketEvent("message")
		void message(String text) {
		}

	}

	@SocketNamespace("chat")
	static class ChatB {

		@SocketEvent("message")
		void message(String text) {
		}

	}

	static class OtherNamespace {

		@SocketEvent(value = "message", namespace = "/other")
		void message(String text) {
		}

	}

	static class UnresolvableConnect {

		@OnConnect
		void joined(Socket socket, String name) {
		}

	}

	static class UnresolvableExceptionHandler {

		@SocketExceptionHandler
		void failed(RuntimeException ex, String text) {
		}

	}

	static class ReservedEvent {

		@SocketEvent("disconnect")
		void disconnect() {
		}

	}

	@SocketNamespace(value = "/a", pattern = "^/b$")
	static class NameAndPattern {

		@SocketEvent("x")
		void x() {
		}

	}

	@SocketNamespace(pattern = "^/workspace-\\d+$")
	static class Workspace {

		@SocketEvent("x")
		void x() {
		}

	}

}
