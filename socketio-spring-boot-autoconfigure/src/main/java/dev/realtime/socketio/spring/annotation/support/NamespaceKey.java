package dev.realtime.socketio.spring.annotation.support;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.realtime.socketio.spring.annotation.SocketNamespace;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * A namespace as annotations name it: a fixed name, or a pattern for dynamic namespaces.
 * Handlers naming the same key share one namespace (one parent namespace, for a pattern).
 *
 * @param value the name (with its leading slash) or the regular expression
 * @param pattern whether {@code value} is a regular expression
 */
record NamespaceKey(String value, boolean pattern) {

	static final NamespaceKey MAIN = new NamespaceKey("/", false);

	static NamespaceKey named(String name) {
		return new NamespaceKey(name.startsWith("/") ? name : "/" + name, false);
	}

	/**
	 * The key an annotation names, {@link #MAIN} without one.
	 * @param where the annotated element, for messages
	 */
	static NamespaceKey of(@Nullable SocketNamespace annotation, String where) {
		if (annotation == null) {
			return MAIN;
		}
		boolean hasName = StringUtils.hasText(annotation.value());
		boolean hasPattern = StringUtils.hasText(annotation.pattern());
		if (hasName && hasPattern) {
			throw new IllegalStateException("@SocketNamespace on " + where + " sets both value and pattern: set one");
		}
		if (hasPattern) {
			try {
				Pattern.compile(annotation.pattern());
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalStateException(
						"@SocketNamespace(pattern) on " + where + " is no regular expression: " + ex.getMessage(), ex);
			}
			return new NamespaceKey(annotation.pattern(), true);
		}
		return hasName ? named(annotation.value()) : MAIN;
	}

	@Override
	public String toString() {
		return pattern ? "pattern " + value : value;
	}
}
