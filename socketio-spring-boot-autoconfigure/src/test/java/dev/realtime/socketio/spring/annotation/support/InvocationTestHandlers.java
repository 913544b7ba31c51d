package dev.realtime.socketio.spring.annotation.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.Handshake;
import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.AckValues;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.OnDisconnect;
import dev.realtime.socketio.spring.annotation.SocketControllerAdvice;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import dev.realtime.socketio.spring.handler.SocketReturnValueHandler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The server side of {@link SocketHandlerInvocationTests}: one handler method per
 * resolver and return type.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ InvocationTestHandlers.Handlers.class, InvocationTestHandlers.Proxied.class,
		InvocationTestHandlers.Errors.class, InvocationTestHandlers.Ordering.class })
class InvocationTestHandlers {

	record Item(String name, int quantity) {
	}

	record Order(@NotBlank String customer, @Positive int total) {
	}

	record Receipt(String customer, int items) {
	}

	record Tenant(String id) {
	}

	record Problem(String error, String message) {
	}

	/**
	 * Sent by {@link #pageHandler()} as two acknowledgement arguments: the items, then
	 * the total.
	 */
	record Page(List<String> items, int total) {
	}

	/**
	 * What the handlers saw, for the assertions that cannot travel in an acknowledgement.
	 */
	static final class Seen {

		final List<String> disconnects = new CopyOnWriteArrayList<>();

		final AtomicInteger intercepted = new AtomicInteger();

		volatile SocketIoServer server;

	}

	@Bean
	Seen seen(SocketIoServer server) {
		Seen seen = new Seen();
		seen.server = server;
		return seen;
	}

	/**
	 * Puts a principal on requests that ask for one, as a security filter chain would.
	 */
	@Bean
	Filter principalFilter() {
		return new Filter() {
			@Override
			public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
					throws IOException, ServletException {
				HttpServletRequest http = (HttpServletRequest) request;
				String user = http.getParameter("user");
				if (user == null) {
					chain.doFilter(request, response);
					return;
				}
				Principal principal = () -> user;
				chain.doFilter(new HttpServletRequestWrapper(http) {
					@Override
					public Principal getUserPrincipal() {
						return principal;
					}
				}, response);
			}
		};
	}

	@Bean
	SocketReturnValueHandler pageHandler() {
		return new SocketReturnValueHandler() {
			@Override
			public boolean supportsReturnType(MethodParameter returnType) {
				return returnType.getNestedParameterType() == Page.class;
			}

			@Override
			public void handleReturnValue(Object value, MethodParameter returnType, SocketInvocation invocation) {
				Page page = (Page) value;
				if (invocation.ack() != null) {
					invocation.ack().send(page.items(), page.total());
				}
			}
		};
	}

	@Bean
	SocketArgumentResolver tenantResolver() {
		return new SocketArgumentResolver() {
			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return parameter.getParameterType() == Tenant.class;
			}

			@Override
			public Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
				return new Tenant("tenant-" + invocation.socket().handshake().queryParameter("tenant"));
			}
		};
	}

	/**
	 * Wraps the {@link Proxied} bean in a class-based AOP proxy that counts the calls.
	 */
	@Bean
	static BeanPostProcessor countingProxies(org.springframework.beans.factory.ObjectProvider<Seen> seen) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof Proxied)) {
					return bean;
				}
				ProxyFactory factory = new ProxyFactory(bean);
				factory.setProxyTargetClass(true);
				factory.addAdvice((MethodInterceptor) (invocation) -> {
					seen.getObject().intercepted.incrementAndGet();
					return invocation.proceed();
				});
				return factory.getProxy();
			}
		};
	}

	static class Handlers {

		private final Seen seen;

		Handlers(Seen seen) {
			this.seen = seen;
		}

		@OnConnect
		void connected(Socket socket) {
			socket.emit("connected", socket.id());
		}

		@OnDisconnect
		void disconnected(Socket socket, DisconnectReason reason) {
			seen.disconnects.add(socket.id() + " " + reason.text());
		}

		@SocketEvent("socket")
		String socket(Socket socket) {
			return socket.id();
		}

		@SocketEvent("namespace")
		String namespace(Namespace namespace) {
			return namespace.name();
		}

		@SocketEvent("server")
		boolean server(SocketIoServer server) {
			return server == seen.server;
		}

		@SocketEvent("handshake")
		String handshake(Handshake handshake) {
			return handshake.queryParameter("tenant");
		}

		@SocketEvent("principal")
		String principal(Principal principal) {
			return (principal != null) ? principal.getName() : "anonymous";
		}

		@SocketEvent("later")
		void later(String text, Ack ack) {
			CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> ack.send("later " + text));
		}

		@SocketEvent("reason")
		String reasonOutsideDisconnect(DisconnectReason reason) {
			return String.valueOf(reason);
		}

		@SocketEvent("event-args")
		int eventArgs(EventArgs args) {
			return args.size();
		}

		@SocketEvent("tenant")
		String tenant(Tenant tenant) {
			return tenant.id();
		}

		@SocketEvent("order")
		Receipt order(Order order, Socket socket, List<Item> items, Map<String, Object> meta) {
			return new Receipt(order.customer() + "/" + meta.get("channel"),
					items.stream().mapToInt(Item::quantity).sum());
		}

		@SocketEvent("tree")
		String tree(JsonNode tree) {
			return tree.get("nested").get(0).asText();
		}

		@SocketEvent("bytes")
		int bytes(byte[] bytes, ByteBuffer buffer) {
			return bytes.length * 100 + buffer.remaining();
		}

		@SocketEvent("missing")
		String missing(String present, String absent) {
			return present + "," + absent;
		}

		@SocketEvent("validated")
		String validated(@Valid Order order) {
			return "valid " + order.customer();
		}

		@SocketEvent("array")
		Object[] array() {
			return new Object[] { "a", 1 };
		}

		@SocketEvent("values")
		AckValues values() {
			return AckValues.of("b", 2, null);
		}

		@SocketEvent("nothing")
		void nothing() {
		}

		@SocketEvent("ping")
		String ping() {
			return "pong";
		}

		@SocketEvent("future-as-object")
		Object futureAsObject(String text) {
			return future(text);
		}

		@SocketEvent("future-as-future")
		Future<String> futureAsFuture(String text) {
			return future(text);
		}

		@SocketEvent("future")
		CompletableFuture<String> future(String text) {
			return CompletableFuture.supplyAsync(() -> "future " + text,
					CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
		}

		@SocketEvent("failed-future")
		CompletableFuture<String> failedFuture() {
			return CompletableFuture.supplyAsync(() -> {
				throw new IllegalArgumentException("late");
			});
		}

		@SocketEvent("mono")
		Mono<Receipt> mono(String customer) {
			return Mono.delay(Duration.ofMillis(50)).map((tick) -> new Receipt(customer, 1));
		}

		@SocketEvent("page")
		Page page() {
			return new Page(List.of("a", "b"), 7);
		}

		@SocketEvent("page-later")
		CompletableFuture<Page> pageLater() {
			return CompletableFuture.supplyAsync(() -> new Page(List.of("c"), 1));
		}

		@SocketEvent("mono-void")
		Mono<Void> monoVoid() {
			return Mono.empty();
		}

		@SocketEvent("rejected")
		String rejected(String reason) {
			throw new IllegalArgumentException(reason);
		}

		@SocketEvent("crash")
		String crash() {
			throw new IllegalStateException("secret internal detail");
		}

		@SocketExceptionHandler
		Problem badRequest(IllegalArgumentException ex, Socket socket) {
			return new Problem("bad_request", ex.getMessage() + " on " + socket.namespace().name());
		}

	}

	/**
	 * An asynchronous failure released by the next event: its exception handler must wait
	 * for that event to end, as the socket's events run one at a time.
	 */
	@SocketNamespace("/ordering")
	static class Ordering {

		@SocketEvent("hold")
		CompletableFuture<String> hold(Socket socket) {
			CompletableFuture<String> held = new CompletableFuture<>();
			socket.data().put("held", held);
			socket.data().put("handled", new CountDownLatch(1));
			return held;
		}

		/**
		 * Fails the held result, then tells whether its exception handler ran meanwhile.
		 */
		@SocketEvent("release")
		boolean release(Socket socket) throws InterruptedException {
			((CompletableFuture<?>) socket.data().get("held"))
				.completeExceptionally(new IllegalStateException("released"));
			return ((CountDownLatch) socket.data().get("handled")).await(1, TimeUnit.SECONDS);
		}

		@SocketExceptionHandler
		String failed(IllegalStateException ex, Socket socket) {
			((CountDownLatch) socket.data().get("handled")).countDown();
			return "handled " + ex.getMessage();
		}

	}

	@SocketNamespace("/proxied")
	static class Proxied {

		@SocketEvent("hello")
		String hello(String name) {
			return "hello " + name;
		}

	}

	@SocketControllerAdvice
	static class Errors {

		@SocketExceptionHandler
		Problem invalid(ConstraintViolationException ex) {
			return new Problem("invalid", ex.getConstraintViolations().iterator().next().getPropertyPath().toString());
		}

	}

}
