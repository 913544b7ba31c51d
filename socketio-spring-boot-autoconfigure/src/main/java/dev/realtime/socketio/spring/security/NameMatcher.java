package dev.realtime.socketio.spring.security;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Matches namespace and event names against a pattern: a name without wildcards matches
 * exactly; {@code ?} is one character, {@code *} any run of characters (within one
 * {@code /} segment for namespaces), {@code **} anything; a namespace pattern ending in
 * {@code /**} also matches its prefix, so {@code "/**"} matches every namespace and
 * {@code "/admin/**"} matches {@code "/admin"}.
 */
final class NameMatcher implements Predicate<String> {

	private final String pattern;

	private final Pattern regex;

	private NameMatcher(String pattern, Pattern regex) {
		this.pattern = pattern;
		this.regex = regex;
	}

	static NameMatcher namespace(String pattern) {
		String normalized = pattern.startsWith("/") ? pattern : "/" + pattern;
		if (normalized.endsWith("/**")) {
			String prefix = normalized.substring(0, normalized.length() - 3);
			// "/**": every namespace; "/admin/**": "/admin" and below
			String regex = prefix.isEmpty() ? "/.*" : glob(prefix, true) + "(/.*)?";
			return new NameMatcher(normalized, Pattern.compile(regex, Pattern.DOTALL));
		}
		return new NameMatcher(normalized, Pattern.compile(glob(normalized, true), Pattern.DOTALL));
	}

	static NameMatcher event(String pattern) {
		return new NameMatcher(pattern, Pattern.compile(glob(pattern, false), Pattern.DOTALL));
	}

	static NameMatcher regex(Pattern pattern) {
		return new NameMatcher(pattern.pattern(), pattern);
	}

	private static String glob(String pattern, boolean segments) {
		String one = segments ? "[^/]" : ".";
		StringBuilder regex = new StringBuilder();
		StringBuilder literal = new StringBuilder();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*' || c == '?') {
				if (!literal.isEmpty()) {
					regex.append(Pattern.quote(literal.toString()));
					literal.setLength(0);
				}
				if (c == '?') {
					regex.append(one);
				}
				else if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
					regex.append(".*");
					i++;
				}
				else {
					regex.append(one).append('*');
				}
			}
			else {
				literal.append(c);
			}
		}
		if (!literal.isEmpty()) {
			regex.append(Pattern.quote(literal.toString()));
		}
		return regex.toString();
	}

	@Override
	public boolean test(String name) {
		return regex.matcher(name).matches();
	}

	@Override
	public String toString() {
		return pattern;
	}

}
