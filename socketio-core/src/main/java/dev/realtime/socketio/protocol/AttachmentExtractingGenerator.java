package dev.realtime.socketio.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.Base64Variant;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * Writes every binary value as a {@code {"_placeholder":true,"num":i}} object and keeps
 * its bytes as attachment {@code i}. Jackson routes {@code byte[]},
 * {@link java.nio.ByteBuffer} and {@code BinaryNode} values at any depth through
 * {@code writeBinary}, so one serialization pass both writes the JSON and extracts the
 * attachments, numbered depth-first in write order.
 *
 * <p>
 * Non-finite numbers ({@code Infinity}, {@code NaN}) are written as {@code null}, as
 * {@code JSON.stringify} writes them, rather than as Jackson's strings.
 *
 * <p>
 * One instance per encoded packet, not thread-safe.
 */
final class AttachmentExtractingGenerator extends JsonGeneratorDelegate {

	private static final SerializableString PLACEHOLDER = new SerializedString("_placeholder");

	private static final SerializableString NUM = new SerializedString("num");

	private @Nullable List<byte[]> attachments;

	AttachmentExtractingGenerator(JsonGenerator delegate) {
		// false: writePOJO/writeTree/copy* must come back through this generator, not
		// bypass it
		super(delegate, false);
	}

	/**
	 * The attachments in placeholder order, or {@code null} when the value held no
	 * binary.
	 */
	@Nullable List<byte[]> attachments() {
		return this.attachments;
	}

	@Override
	public JsonGenerator writeBinary(Base64Variant variant, byte[] data, int offset, int len) {
		// a whole array is handed over as it is: copying would double the cost of large
		// payloads
		byte[] bytes = (offset == 0 && len == data.length) ? data : Arrays.copyOfRange(data, offset, offset + len);
		writePlaceholder(bytes);
		return this;
	}

	@Override
	public int writeBinary(Base64Variant variant, InputStream data, int dataLength) {
		byte[] bytes;
		try {
			bytes = (dataLength < 0) ? data.readAllBytes() : data.readNBytes(dataLength);
		}
		catch (IOException ex) {
			throw JacksonIOException.construct(ex);
		}
		writePlaceholder(bytes);
		return bytes.length;
	}

	/** Non-finite numbers are written as {@code null}, as {@code JSON.stringify} does. */
	@Override
	public JsonGenerator writeNumber(double value) {
		if (!Double.isFinite(value)) {
			this.delegate.writeNull();
			return this;
		}
		return super.writeNumber(value);
	}

	@Override
	public JsonGenerator writeNumber(float value) {
		if (!Float.isFinite(value)) {
			this.delegate.writeNull();
			return this;
		}
		return super.writeNumber(value);
	}

	@Override
	public JsonGenerator writeEmbeddedObject(@Nullable Object object) {
		if (object instanceof byte[]) {
			byte[] bytes = (byte[]) object;
			return writeBinary(bytes, 0, bytes.length);
		}
		return super.writeEmbeddedObject(object);
	}

	private void writePlaceholder(byte[] bytes) {
		List<byte[]> collected = this.attachments;
		if (collected == null) {
			collected = new ArrayList<>(4);
			this.attachments = collected;
		}
		int num = collected.size();
		collected.add(bytes);
		this.delegate.writeStartObject();
		this.delegate.writeName(PLACEHOLDER);
		this.delegate.writeBoolean(true);
		this.delegate.writeName(NUM);
		this.delegate.writeNumber(num);
		this.delegate.writeEndObject();
	}

}
