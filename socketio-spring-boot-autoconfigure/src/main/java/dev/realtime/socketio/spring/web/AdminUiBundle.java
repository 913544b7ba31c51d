package dev.realtime.socketio.spring.web;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The official Socket.IO Admin UI ({@code @socket.io/admin-ui} from npm, its built
 * {@code ui/dist} packaged in this jar at build time, source maps left out), served under
 * a path of its own: {@code <path>} is its {@code index.html}, whose links are relative.
 * The scripts, style sheets and images carry a digest in their names, so they are cached
 * for a year ({@link StaticFiles#IMMUTABLE}); everything else is revalidated
 * ({@link StaticFiles#REVALIDATE}).
 *
 * <pre>{@code
 * StaticFiles ui = AdminUiBundle.load("/socket.io-admin/");
 * }</pre>
 */
public final class AdminUiBundle {

	/** Where the build puts the UI inside the jar. */
	public static final String LOCATION = "dev/realtime/socketio/admin-ui/";

	/** The page the path itself serves. */
	public static final String INDEX = "index.html";

	/**
	 * {@code js/app.0d7d7845.js}, {@code img/logo-dark.3727fec5.svg}: named by their
	 * content.
	 */
	private static final Pattern FINGERPRINTED = Pattern.compile(".*\\.[0-9a-f]{8}\\.[a-z0-9]+$");

	private AdminUiBundle() {
	}

	/**
	 * Loads the UI from this jar.
	 * @param path the path to serve it under, e.g. {@code /socket.io-admin/}
	 * @throws IllegalStateException when the jar was built without it
	 */
	public static StaticFiles load(String path) {
		StaticFiles.Builder files = StaticFiles.under(path);
		boolean hasIndex = false;
		try {
			PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(
					AdminUiBundle.class.getClassLoader());
			for (Resource resource : resolver.getResources("classpath:" + LOCATION + "**/*.*")) {
				String url = resource.getURL().toString();
				int at = url.lastIndexOf(LOCATION);
				if (at < 0 || url.endsWith("/") || url.endsWith(".map") || !resource.isReadable()) {
					continue;
				}
				String name = url.substring(at + LOCATION.length());
				files.add(name, read(resource),
						FINGERPRINTED.matcher(name).matches() ? StaticFiles.IMMUTABLE : StaticFiles.REVALIDATE);
				hasIndex |= name.equals(INDEX);
			}
		}
		catch (FileNotFoundException ex) {
			// no such folder in the jar: told below
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!hasIndex) {
			throw new IllegalStateException("The Socket.IO Admin UI is missing from the jar (" + LOCATION + INDEX
					+ "); set socketio.admin-ui.serve-ui=false or rebuild with npm available");
		}
		return files.index(INDEX).build();
	}

	private static byte[] read(Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			return in.readAllBytes();
		}
	}

}
