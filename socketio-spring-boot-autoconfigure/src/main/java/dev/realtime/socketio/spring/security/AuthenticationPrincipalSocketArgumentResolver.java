package dev.realtime.socketio.spring.security;

import java.security.Principal;

import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Resolves {@link AuthenticationPrincipal @AuthenticationPrincipal} parameters of
 * annotated handler methods to {@code Authentication.getPrincipal()} of the socket's user
 * (a {@code UserDetails}, a {@code Jwt}…), as Spring MVC does: the annotation's
 * {@code expression} is evaluated against it; a value of another type than the
 * parameter's is {@code null}, or an error with {@code errorOnInvalidType}. An anonymous
 * socket gets {@code null}.
 *
 * <p>
 * A parameter declared as {@link Principal} (or {@code Authentication}) is resolved by
 * the built-in {@code Principal} resolver before this one.
 */
public final class AuthenticationPrincipalSocketArgumentResolver implements SocketArgumentResolver {

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final @Nullable BeanFactory beanFactory;

	public AuthenticationPrincipalSocketArgumentResolver() {
		this(null);
	}

	/** With a bean factory, expressions may name beans ({@code @bean}). */
	public AuthenticationPrincipalSocketArgumentResolver(@Nullable BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return annotation(parameter) != null;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		if (SocketAuthentications.isAnonymous(invocation.socket())) {
			return null;
		}
		Authentication authentication = SocketAuthentications.of(invocation.socket());
		Object principal = authentication.getPrincipal();
		AuthenticationPrincipal annotation = annotation(parameter);
		if (annotation != null && StringUtils.hasLength(annotation.expression())) {
			StandardEvaluationContext context = new StandardEvaluationContext();
			context.setRootObject(principal);
			context.setVariable("this", principal);
			if (beanFactory != null) {
				context.setBeanResolver(new BeanFactoryResolver(beanFactory));
			}
			Expression expression = parser.parseExpression(annotation.expression());
			principal = expression.getValue(context);
		}
		if (principal != null && !ClassUtils.isAssignableValue(parameter.getParameterType(), principal)) {
			if (annotation != null && annotation.errorOnInvalidType()) {
				throw new ClassCastException(principal + " is not assignable to " + parameter.getParameterType());
			}
			return null;
		}
		return principal;
	}

	private static @Nullable AuthenticationPrincipal annotation(MethodParameter parameter) {
		AuthenticationPrincipal direct = parameter.getParameterAnnotation(AuthenticationPrincipal.class);
		if (direct != null) {
			return direct;
		}
		// meta-annotations, e.g. a @CurrentUser annotated with @AuthenticationPrincipal
		return AnnotatedElementUtils.findMergedAnnotation(parameter.getParameter(), AuthenticationPrincipal.class);
	}

}
