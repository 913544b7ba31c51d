package dev.realtime.socketio.spring.annotation.support;

import java.util.List;

import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which exception handler handles an exception: the bean's first, then advice in order,
 * closest type.
 */
class ExceptionHandlerOrderTests {

	private final SocketArgumentResolverComposite resolvers = new SocketArgumentResolverComposite(
			List.of(new CurrentSocketArgumentResolver(), new ExceptionArgumentResolver()));

	private final SocketExceptionHandling handling = new SocketExceptionHandling();

	private ExceptionHandlerMethods handlersOf(Object bean) {
		return ExceptionHandlerMethods.of(bean.getClass(),
				(method) -> new SocketHandlerMethod(bean, method, "@SocketExceptionHandler", resolvers,
						SocketHandlerRegistry.returnValueHandlers(List.of()), null, PayloadValidator.NONE));
	}

	private String handlerFor(Object bean, Throwable exception) {
		ExceptionHandlerMethods.Match match = handling.find(bean, exception);
		return (match != null) ? match.handler().description().replaceAll(".*\\$", "") : "none";
	}

	@Test
	void closestExceptionTypeOfTheBeanWins() {
		Handler bean = new Handler();
		handling.addBean(bean, handlersOf(bean));
		assertThat(handlerFor(bean, new NumberFormatException()))
			.isEqualTo("Handler#illegalArgument(IllegalArgumentException)");
		assertThat(handlerFor(bean, new IllegalStateException())).isEqualTo("Handler#runtime(RuntimeException)");
	}

	@Test
	void handlersOfTheBeanComeBeforeAdviceEvenWhenTheAdviceIsCloser() {
		BroadHandler bean = new BroadHandler();
		handling.addBean(bean, handlersOf(bean));
		FirstAdvice advice = new FirstAdvice();
		handling.addAdvice(advice, handlersOf(advice));
		assertThat(handlerFor(bean, new IllegalArgumentException())).isEqualTo("BroadHandler#any(Exception)");
	}

	@Test
	void adviceHandlesWhatTheBeanDoesNotInTheirOrder() {
		Object bean = new Object();
		SecondAdvice second = new SecondAdvice();
		FirstAdvice first = new FirstAdvice();
		handling.addAdvice(second, handlersOf(second));
		handling.addAdvice(first, handlersOf(first));
		assertThat(handlerFor(bean, new IllegalArgumentException()))
			.isEqualTo("FirstAdvice#illegalArgument(IllegalArgumentException)");
		assertThat(handlerFor(bean, new UnsupportedOperationException()))
			.isEqualTo("SecondAdvice#runtime(RuntimeException)");
	}

	@Test
	void causeIsMatchedWhenTheExceptionItselfIsNot() {
		Handler bean = new Handler();
		handling.addBean(bean, handlersOf(bean));
		assertThat(handlerFor(bean, new Exception("wrapper", new IllegalArgumentException())))
			.isEqualTo("Handler#illegalArgument(IllegalArgumentException)");
	}

	@Test
	void noHandlerForAnUnrelatedException() {
		Handler bean = new Handler();
		handling.addBean(bean, handlersOf(bean));
		assertThat(handlerFor(bean, new Exception("checked"))).isEqualTo("none");
	}

	@Test
	void exceptionTypesCanBeListedInTheAnnotation() {
		Listed bean = new Listed();
		handling.addBean(bean, handlersOf(bean));
		assertThat(handlerFor(bean, new ArithmeticException())).isEqualTo("Listed#listed()");
	}

	@Test
	void twoHandlersOfOneTypeOnOneBeanFailNamingBoth() {
		assertThatIllegalStateException().isThrownBy(() -> handlersOf(new Ambiguous()))
			.withMessageContaining("Ambiguous @SocketExceptionHandler for java.lang.IllegalStateException")
			.withMessageContaining("Ambiguous#a(IllegalStateException)")
			.withMessageContaining("Ambiguous#b(IllegalStateException)");
	}

	static class Handler {

		@SocketExceptionHandler
		void runtime(RuntimeException ex) {
		}

		@SocketExceptionHandler
		void illegalArgument(IllegalArgumentException ex) {
		}

	}

	static class BroadHandler {

		@SocketExceptionHandler
		void any(Exception ex) {
		}

	}

	static class Listed {

		@SocketExceptionHandler(ArithmeticException.class)
		void listed() {
		}

	}

	static class Ambiguous {

		@SocketExceptionHandler
		void a(IllegalStateException ex) {
		}

		@SocketExceptionHandler
		void b(IllegalStateException ex) {
		}

	}

	@Order(1)
	static class FirstAdvice {

		@SocketExceptionHandler
		void illegalArgument(IllegalArgumentException ex) {
		}

	}

	@Order(2)
	static class SecondAdvice {

		@SocketExceptionHandler
		void illegalArgument(IllegalArgumentException ex) {
		}

		@SocketExceptionHandler
		void runtime(RuntimeException ex) {
		}

	}

}
