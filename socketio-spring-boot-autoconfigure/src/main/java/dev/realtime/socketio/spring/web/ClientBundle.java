package dev.realtime.socketio.spring.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import dev.realtime.socketio.engine.spi.HttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * The official JavaScript client ({@code socket.io-client} from npm, packaged in this jar
 * at build time) served under the Socket.IO server's path, like Node's
 * {@code serveClient}: {@code <path>socket.io.js}, {@code socket.io.min.js},
 * {@code socket.io.esm.min.js}, {@code socket.io.msgpack.min.js} and their {@code .map}
 * files. Each answer carries an {@code ETag} (a digest of the file) and
 * {@code Cache-Control: public, max-age=0}, so browsers revalidate and get
 * {@code 304 Not Modified} while the file is unchanged; clients that accept gzip get it
 * compressed.
 *
 * <pre>{@code
 * ClientBundle bundle = ClientBundle.load("/socket.io/");
 * HttpResponse answer = bundle.serve("/socket.io/socket.io.min.js", ifNoneMatch, acceptEncoding);
 * }</pre>
 */
public final class ClientBundle {

	/** Where the build puts the bundle inside the jar. */
	public static final String LOCATION = "dev/realtime/socketio/client/";

	/** The files served, as Node's {@code serveClient} serves them. */
	public static final List<String> FILES = List.of("socket.io.js", "socket.io.min.js", "socket.io.esm.min.js",
			"socket.io.msgpack.min.js");

	private final String path;

	private final Map<String, ClientFile> files;

	private ClientBundle(String path, Map<String, ClientFile> files) {
		this.path = path;
		this.files = files;
	}

	/**
	 * Loads the bundle from this jar.
	 * @param path the Socket.IO server's path, e.g. {@code /socket.io/}
	 * @throws IllegalStateException when the jar was built without it
	 */
	public static ClientBundle load(String path) {
		String mount = path.endsWith("/") ? path : path + "/";
		Map<String, ClientFile> files = new LinkedHashMap<>();
		for (String name : FILES) {
			files.put(name, ClientFile.of(read(name), "application/javascript; charset=utf-8"));
			files.put(name + ".map", ClientFile.of(read(name + ".map"), "application/json; charset=utf-8"));
		}
		return new ClientBundle(mount, Map.copyOf(files));
	}

	private static byte[] read(String name) {
		try (InputStream in = ClientBundle.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
			if (in == null) {
				throw new IllegalStateException("The Socket.IO client bundle is missing from the jar (" + LOCATION
						+ name + "); set socketio.serve-client=false or rebuild with npm available");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The path the files are served under, ending with {@code /}. */
	public String path() {
		return path;
	}

	/** Whether a path within the application names one of the files. */
	public boolean matches(String pathWithinApplication) {
		return file(pathWithinApplication) != null;
	}

	private @Nullable ClientFile file(String pathWithinApplication) {
		if (!pathWithinApplication.startsWith(path)) {
			return null;
		}
		return files.get(pathWithinApplication.substring(path.length()));
	}

	/**
	 * The answer to a request for a file: {@code 304} when {@code If-None-Match} names
	 * its ETag (strong or weak), else {@code 200} with the file, gzipped when
	 * {@code Accept-Encoding} allows it.
	 * @return the answer, or {@code null} when the path names no file of the bundle
	 */
	public @Nullable HttpResponse serve(String pathWithinApplication, @Nullable String ifNoneMatch,
			@Nullable String acceptEncoding) {
		ClientFile file = file(pathWithinApplication);
		if (file == null) {
			return null;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Cache-Control", "public, max-age=0");
		headers.put("ETag", file.etag());
		headers.put("Vary", "Accept-Encoding");
		if (ifNoneMatch != null && matchesEtag(ifNoneMatch, file.etag())) {
			return new HttpResponse(304, headers, new byte[0]);
		}
		headers.put("Content-Type", file.contentType());
		byte[] body = file.body();
		if (acceptsGzip(acceptEncoding)) {
			body = file.gzipped();
			headers.put("Content-Encoding", "gzip");
		}
		headers.put("Content-Length", Integer.toString(body.length));
		return new HttpResponse(200, headers, body);
	}

	private static boolean matchesEtag(String ifNoneMatch, String etag) {
		for (String candidate : ifNoneMatch.split(",")) {
			String tag = candidate.trim();
			if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
				return true;
			}
		}
		return false;
	}

	private static boolean acceptsGzip(@Nullable String acceptEncoding) {
		if (acceptEncoding == null) {
			return false;
		}
		for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
			String[] parts = coding.trim().split(";");
			if (parts[0].trim().equals("gzip")) {
				return parts.length < 2 || !parts[1].replace(" ", "").equals("q=0");
			}
		}
		return false;
	}

	/** One file: its bytes, media type and entity tag; gzipped on first demand. */
	private static final class ClientFile {

		private final byte[] body;

		private final String contentType;

		private final String etag;

		private volatile byte @Nullable [] gzipped;

		private ClientFile(byte[] body, String contentType, String etag) {
			this.body = body;
			this.contentType = contentType;
			this.etag = etag;
		}

		static ClientFile of(byte[] body, String contentType) {
			return new ClientFile(body, contentType, "\"" + digest(body) + "\"");
		}

		byte[] body() {
			return body;
		}

		String contentType() {
			return contentType;
		}

		String etag() {
			return etag;
		}

		byte[] gzipped() {
			byte[] compressed = gzipped;
			if (compressed == null) {
				compressed = gzip(body);
				gzipped = compressed;
			}
			return compressed;
		}

		private static byte[] gzip(byte[] body) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3);
			try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
				gzip.write(body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return out.toByteArray();
		}

		private static String digest(byte[] body) {
			try {
				byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
				return HexFormat.of().formatHex(hash, 0, 16);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
