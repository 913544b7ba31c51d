package dev.realtime.socketio.protocol;

import java.io.Writer;

/**
 * An unsynchronized {@link Writer} that appends to a {@link StringBuilder}, so the JSON lands
 * right behind the packet header already in the builder, without an intermediate string.
 */
final class StringBuilderWriter extends Writer {

	private final StringBuilder builder;

	StringBuilderWriter(StringBuilder builder) {
		this.builder = builder;
	}

	@Override
	public void write(int c) {
		this.builder.append((char) c);
	}

	@Override
	public void write(char[] chars, int offset, int len) {
		this.builder.append(chars, offset, len);
	}

	@Override
	public void write(String str) {
		this.builder.append(str);
	}

	@Override
	public void write(String str, int offset, int len) {
		this.builder.append(str, offset, offset + len);
	}

	@Override
	public Writer append(CharSequence csq) {
		this.builder.append(csq);
		return this;
	}

	@Override
	public Writer append(CharSequence csq, int start, int end) {
		this.builder.append(csq, start, end);
		return this;
	}

	@Override
	public Writer append(char c) {
		this.builder.append(c);
		return this;
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
	}
}
