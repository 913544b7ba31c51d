package dev.realtime.socketio.spring.handler;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Turns what an annotated handler method returns into the answer to the client. Beans of
 * this type (or handlers added with
 * {@code SocketAnnotationConfigurer.addReturnValueHandler}) are asked, in {@code @Order},
 * after the built-in handler of {@code void} and before the built-in one that sends the
 * value as the acknowledgement; the first that supports a method's return type is chosen
 * once, at startup. For a {@code CompletionStage<T>} or {@code Mono<T>} method the return
 * type asked about is {@code T}, and the value is handed over once it is available.
 *
 * <pre>{@code
 * &#64;Component
 * class PageReturnValueHandler implements SocketReturnValueHandler {
 *     public boolean supportsReturnType(MethodParameter returnType) {
 *         return Page.class.isAssignableFrom(returnType.getNestedParameterType());
 *     }
 *     public void handleReturnValue(Object value, MethodParameter returnType, SocketInvocation invocation) {
 *         Page<?> page = (Page<?>) value;
 *         if (invocation.ack() != null) {
 *             invocation.ack().send(page.getContent(), page.getTotalElements());
 *         }
 *     }
 * }
 * }</pre>
 */
public interface SocketReturnValueHandler {

	/**
	 * Whether this handler answers for methods with this return type; asked once per
	 * method at startup. Use {@link MethodParameter#getNestedParameterType()}: for an
	 * asynchronous method it is the type of the eventual value.
	 */
	boolean supportsReturnType(MethodParameter returnType);

	/**
	 * Answers one call: typically sends the value through {@link SocketInvocation#ack()}
	 * (null when the client asked for no answer). Runs on the socket's ordered executor;
	 * an exception goes to the exception handlers.
	 */
	void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType, SocketInvocation invocation)
			throws Exception;

}
