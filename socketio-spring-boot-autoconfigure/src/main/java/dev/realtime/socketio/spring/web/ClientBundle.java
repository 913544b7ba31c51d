package dev.realtime.socketio.spring.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

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

	private final StaticFiles files;

	private ClientBundle(StaticFiles files) {
		this.files = files;
	}

	/**
	 * Loads the bundle from this jar.
	 * @param path the Socket.IO server's path, e.g. {@code /socket.io/}
	 * @throws IllegalStateException when the jar was built without it
	 */
	public static ClientBundle load(String path) {
		StaticFiles.Builder files = StaticFiles.under(path);
		for (String name : FILES) {
			files.add(name, read(name), StaticFiles.REVALIDATE);
			files.add(name + ".map", read(name + ".map"), StaticFiles.REVALIDATE);
		}
		return new ClientBundle(files.build());
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
		return files.path();
	}

	/** The bundle's files, as the bindings serve them. */
	public StaticFiles files() {
		return files;
	}

	/** Whether a path within the application names one of the files. */
	public boolean matches(String pathWithinApplication) {
		return files.matches(pathWithinApplication);
	}

	/**
	 * The answer to a request for a file: {@code 304} when {@code If-None-Match} names
	 * its ETag (strong or weak), else {@code 200} with the file, gzipped when
	 * {@code Accept-Encoding} allows it.
	 * @return the answer, or {@code null} when the path names no file of the bundle
	 */
	public @Nullable HttpResponse serve(String pathWithinApplication, @Nullable String ifNoneMatch,
			@Nullable String acceptEncoding) {
		return files.serve(pathWithinApplication, ifNoneMatch, acceptEncoding);
	}

}
