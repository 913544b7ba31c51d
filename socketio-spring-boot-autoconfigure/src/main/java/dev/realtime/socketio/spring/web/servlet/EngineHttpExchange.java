package dev.realtime.socketio.spring.web.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.spi.ForwardingEngineRequest;
import dev.realtime.socketio.engine.spi.HttpExchange;
import dev.realtime.socketio.engine.spi.HttpResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One polling request (or preflight, or error) handed to the Engine.IO server.
 *
 * <p>
 * The server answers most requests while {@link EngineServer#handle} runs: that answer is
 * written on the request thread with plain blocking I/O. A request the server parks (a
 * long-polling GET, or a POST whose {@code ok} waits for the listeners) is switched to
 * servlet async mode before the request thread leaves, so it holds no thread; its answer
 * is written later with a {@link WriteListener}, never blocking the thread that completes
 * it.
 */
final class EngineHttpExchange extends ForwardingEngineRequest implements HttpExchange {

	private static final Log logger = LogFactory.getLog(EngineHttpExchange.class);

	private static final byte[] EMPTY = new byte[0];

	private final HttpServletRequest request;

	private final HttpServletResponse response;

	private final byte[] body;

	private final Object lock = new Object();

	// guarded by lock
	private boolean inHandle = true;

	private boolean finished;

	private @Nullable HttpResponse answeredInHandle;

	private @Nullable AsyncContext async;

	private @Nullable Runnable abortCallback;

	private EngineHttpExchange(HttpServletRequest request, HttpServletResponse response, byte[] body) {
		super(RequestSnapshots.of(request));
		this.request = request;
		this.response = response;
		this.body = body;
	}

	/**
	 * Reads the body (at most {@code maxHttpBufferSize + 1} bytes, enough for the server
	 * to tell an oversized one), lets the server handle the exchange, and goes
	 * asynchronous if the server did not answer at once.
	 */
	static void serve(EngineServer server, HttpServletRequest request, HttpServletResponse response,
			long asyncTimeoutMillis) throws IOException {
		byte[] body = readBody(request, server.options().maxHttpBufferSize() + 1);
		EngineHttpExchange exchange = new EngineHttpExchange(request, response, body);
		try {
			server.handle(exchange);
		}
		catch (RuntimeException ex) {
			logger.error("Engine.IO server failed to handle " + exchange.uri(), ex);
			exchange.respond(new HttpResponse(500, Map.of("Content-Length", "0"), EMPTY));
		}
		exchange.leaveHandle(asyncTimeoutMillis);
	}

	private static byte[] readBody(HttpServletRequest request, long limit) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared == 0) {
			return EMPTY;
		}
		int max = (int) Math.min(limit, Integer.MAX_VALUE - 16);
		try (InputStream in = request.getInputStream()) {
			// readNBytes grows its buffer as data arrives: a large declared length
			// allocates nothing ahead
			return in.readNBytes((declared > 0) ? (int) Math.min(declared, max) : max);
		}
	}

	private void leaveHandle(long asyncTimeoutMillis) throws IOException {
		HttpResponse now;
		synchronized (lock) {
			inHandle = false;
			now = answeredInHandle;
			if (now == null && !finished) {
				// parked: from here on the exchange holds no thread
				AsyncContext context = request.startAsync(request, response);
				context.setTimeout(asyncTimeoutMillis);
				context.addListener(new AbortListener());
				async = context;
			}
		}
		if (now != null) {
			writeBlocking(response, now);
		}
	}

	@Override
	public void respond(HttpResponse answer) {
		AsyncContext context;
		synchronized (lock) {
			if (finished) {
				return;
			}
			finished = true;
			if (inHandle) {
				answeredInHandle = answer;
				return;
			}
			context = async;
		}
		if (context != null) {
			writeAsync(context, answer);
		}
	}

	@Override
	public void onAbort(Runnable callback) {
		synchronized (lock) {
			abortCallback = callback;
		}
	}

	/** Runs the abort callback once, if the server has not answered yet. */
	private void abort(AsyncEvent event) {
		Runnable callback;
		synchronized (lock) {
			if (finished) {
				return;
			}
			finished = true;
			callback = abortCallback;
		}
		if (callback != null) {
			try {
				callback.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Abort callback failed", ex);
			}
		}
		try {
			event.getAsyncContext().complete();
		}
		catch (IllegalStateException ex) {
			// already completed by the container
		}
	}

	static void writeBlocking(HttpServletResponse response, HttpResponse answer) throws IOException {
		applyHead(response, answer);
		if (answer.body().length > 0) {
			response.getOutputStream().write(answer.body());
		}
		// commit now, so nothing later in the servlet (an OPTIONS fallback, for one) adds
		// to it
		response.flushBuffer();
	}

	private static void applyHead(HttpServletResponse response, HttpResponse answer) {
		response.setStatus(answer.status());
		for (Map.Entry<String, String> header : answer.headers().entrySet()) {
			response.addHeader(header.getKey(), header.getValue());
		}
		if (!answer.headers().containsKey("Content-Length")) {
			response.setContentLength(answer.body().length);
		}
	}

	private void writeAsync(AsyncContext context, HttpResponse answer) {
		try {
			applyHead(response, answer);
			ServletOutputStream out = response.getOutputStream();
			out.setWriteListener(new BodyWriter(context, out, answer.body()));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not write a polling response", ex);
			complete(context);
		}
	}

	private static void complete(AsyncContext context) {
		try {
			context.complete();
		}
		catch (IllegalStateException ex) {
			// the container completed it already (the client went away)
		}
	}

	/** Writes the body without blocking and completes the request once it is out. */
	private static final class BodyWriter implements WriteListener {

		private final AsyncContext context;

		private final ServletOutputStream out;

		private final byte[] body;

		private boolean written;

		BodyWriter(AsyncContext context, ServletOutputStream out, byte[] body) {
			this.context = context;
			this.out = out;
			this.body = body;
		}

		@Override
		public void onWritePossible() throws IOException {
			if (!written) {
				written = true;
				if (body.length > 0) {
					out.write(body);
				}
				if (!out.isReady()) {
					// the container calls again once the bytes are out
					return;
				}
			}
			complete(context);
		}

		@Override
		public void onError(Throwable failure) {
			logger.debug("Polling response not delivered", failure);
			complete(context);
		}

	}

	private final class AbortListener implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			abort(event);
		}

		@Override
		public void onError(AsyncEvent event) {
			abort(event);
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

	// ---------------------------------------------------------------- EngineRequest

	@Override
	public byte[] body() {
		return body;
	}

}
