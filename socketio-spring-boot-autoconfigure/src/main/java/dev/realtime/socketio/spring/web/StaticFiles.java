package dev.realtime.socketio.spring.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import dev.realtime.socketio.engine.spi.HttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * Files held in memory and served under a path of their own by the web bindings (the
 * {@link ClientBundle}, the {@link AdminUiBundle}). Each answer carries its media type,
 * an {@code ETag} (a digest of the file) and the file's {@code Cache-Control}; a request
 * whose {@code If-None-Match} names the ETag gets {@code 304 Not Modified}; text files go
 * gzipped to clients that accept it. With an index file, the path itself serves it and
 * the path without its final {@code /} redirects there (so that the index's relative
 * links resolve).
 *
 * <pre>{@code
 * StaticFiles files = StaticFiles.under("/ui/")
 *     .add("index.html", html, StaticFiles.REVALIDATE)
 *     .index("index.html")
 *     .build();
 * HttpResponse answer = files.serve("/ui/", ifNoneMatch, acceptEncoding);
 * }</pre>
 */
public final class StaticFiles {

	/**
	 * Caching of a file whose name stays when its content changes: always revalidated.
	 */
	public static final String REVALIDATE = "public, max-age=0";

	/** Caching of a file whose name changes with its content (a digest in the name). */
	public static final String IMMUTABLE = "public, max-age=31536000, immutable";

	private final String path;

	private final Map<String, StaticFile> files;

	private final @Nullable String index;

	private StaticFiles(String path, Map<String, StaticFile> files, @Nullable String index) {
		this.path = path;
		this.files = files;
		this.index = index;
	}

	/**
	 * Starts a set of files served under a path.
	 * @param path the path within the application, e.g. {@code /socket.io-admin/}; a
	 * final {@code /} is added when missing
	 */
	public static Builder under(String path) {
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("The path of static files must start with /, was " + path);
		}
		return new Builder(path.endsWith("/") ? path : path + "/");
	}

	/** The path the files are served under, ending with {@code /}. */
	public String path() {
		return path;
	}

	/** The names of the files, relative to {@link #path()}. */
	public Set<String> names() {
		return files.keySet();
	}

	/**
	 * Whether a path within the application names one of the files (or, with an index,
	 * the path itself, with or without its final {@code /}).
	 */
	public boolean matches(String pathWithinApplication) {
		return isRedirect(pathWithinApplication) || file(pathWithinApplication) != null;
	}

	private boolean isRedirect(String pathWithinApplication) {
		return index != null && pathWithinApplication.length() == path.length() - 1
				&& path.startsWith(pathWithinApplication);
	}

	private @Nullable StaticFile file(String pathWithinApplication) {
		if (!pathWithinApplication.startsWith(path)) {
			return null;
		}
		String name = pathWithinApplication.substring(path.length());
		if (name.isEmpty() && index != null) {
			name = index;
		}
		return files.get(name);
	}

	/**
	 * The answer to a request for a file: a redirect to the path with its final {@code /}
	 * for the path without it; {@code 304} when {@code If-None-Match} names the file's
	 * ETag (strong or weak); else {@code 200} with the file, gzipped when it is text and
	 * {@code Accept-Encoding} allows it.
	 * @return the answer, or {@code null} when the path names no file
	 */
	public @Nullable HttpResponse serve(String pathWithinApplication, @Nullable String ifNoneMatch,
			@Nullable String acceptEncoding) {
		if (isRedirect(pathWithinApplication)) {
			// relative, so that a context path or base path in front stays
			String last = pathWithinApplication.substring(pathWithinApplication.lastIndexOf('/') + 1);
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Location", last + "/");
			headers.put("Content-Length", "0");
			return new HttpResponse(301, headers, new byte[0]);
		}
		StaticFile file = file(pathWithinApplication);
		if (file == null) {
			return null;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Cache-Control", file.cacheControl());
		headers.put("ETag", file.etag());
		if (file.compressible()) {
			headers.put("Vary", "Accept-Encoding");
		}
		if (ifNoneMatch != null && matchesEtag(ifNoneMatch, file.etag())) {
			return new HttpResponse(304, headers, new byte[0]);
		}
		headers.put("Content-Type", file.contentType());
		headers.put("X-Content-Type-Options", "nosniff");
		byte[] body = file.body();
		if (file.compressible() && acceptsGzip(acceptEncoding)) {
			body = file.gzipped();
			headers.put("Content-Encoding", "gzip");
		}
		headers.put("Content-Length", Integer.toString(body.length));
		return new HttpResponse(200, headers, body);
	}

	/**
	 * The media type of a file by its extension ({@code application/octet-stream} when
	 * unknown); text types in UTF-8.
	 */
	public static String contentType(String name) {
		String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
		return switch (extension) {
			case "html", "htm" -> "text/html; charset=utf-8";
			case "js", "mjs" -> "application/javascript; charset=utf-8";
			case "css" -> "text/css; charset=utf-8";
			case "json", "map" -> "application/json; charset=utf-8";
			case "txt" -> "text/plain; charset=utf-8";
			case "svg" -> "image/svg+xml";
			case "png" -> "image/png";
			case "jpg", "jpeg" -> "image/jpeg";
			case "gif" -> "image/gif";
			case "webp" -> "image/webp";
			case "ico" -> "image/x-icon";
			case "woff" -> "font/woff";
			case "woff2" -> "font/woff2";
			case "ttf" -> "font/ttf";
			case "eot" -> "application/vnd.ms-fontobject";
			default -> "application/octet-stream";
		};
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

	/** Collects the files of a {@link StaticFiles}. */
	public static final class Builder {

		private final String path;

		private final Map<String, StaticFile> files = new LinkedHashMap<>();

		private @Nullable String index;

		private Builder(String path) {
			this.path = path;
		}

		/**
		 * Adds a file, its media type taken from its extension.
		 * @param name its name under the path, e.g. {@code js/app.js}
		 * @param body its content
		 * @param cacheControl its {@code Cache-Control}, e.g. {@link #REVALIDATE}
		 */
		public Builder add(String name, byte[] body, String cacheControl) {
			return add(name, body, contentType(name), cacheControl);
		}

		/** Adds a file with an explicit media type. */
		public Builder add(String name, byte[] body, String contentType, String cacheControl) {
			if (name.isEmpty() || name.startsWith("/")) {
				throw new IllegalArgumentException("A static file's name is relative to its path, was " + name);
			}
			files.put(name, StaticFile.of(body, contentType, cacheControl));
			return this;
		}

		/** The file served at the path itself (e.g. {@code index.html}). */
		public Builder index(String name) {
			index = name;
			return this;
		}

		public StaticFiles build() {
			if (index != null && !files.containsKey(index)) {
				throw new IllegalStateException("The index " + index + " is not among the files under " + path);
			}
			return new StaticFiles(path, Map.copyOf(files), index);
		}

	}

	/**
	 * One file: its bytes, media type, entity tag and caching; gzipped on first demand.
	 */
	private static final class StaticFile {

		private final byte[] body;

		private final String contentType;

		private final String etag;

		private final String cacheControl;

		private volatile byte @Nullable [] gzipped;

		private StaticFile(byte[] body, String contentType, String etag, String cacheControl) {
			this.body = body;
			this.contentType = contentType;
			this.etag = etag;
			this.cacheControl = cacheControl;
		}

		static StaticFile of(byte[] body, String contentType, String cacheControl) {
			return new StaticFile(body, contentType, "\"" + digest(body) + "\"", cacheControl);
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

		String cacheControl() {
			return cacheControl;
		}

		/** Text is worth compressing; images and fonts are compressed already. */
		boolean compressible() {
			return contentType.startsWith("text/") || contentType.startsWith("application/javascript")
					|| contentType.startsWith("application/json") || contentType.startsWith("image/svg");
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
