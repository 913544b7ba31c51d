package dev.realtime.socketio.spring.web.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.RequestSnapshot;
import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.engine.spi.ForwardingEngineRequest;
import dev.realtime.socketio.engine.spi.HttpExchange;
import dev.realtime.socketio.engine.spi.HttpResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
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
 * A request with a body (a polling POST) is read without blocking: the request goes async
 * at once and a {@link ReadListener} collects the body as it arrives (at most
 * {@code maxHttpBufferSize + 1} bytes), so a client trickling its body holds no container
 * thread; a body not complete within {@code pingInterval + pingTimeout} is answered 408.
 * Its answer is written with a {@link WriteListener}.
 *
 * <p>
 * A request without a body is handled on the request thread: the server answers most
 * while {@link EngineServer#handle} runs, written with plain blocking I/O. A request the
 * server parks (a long-polling GET, or a POST whose {@code ok} waits for the listeners)
 * is switched to servlet async mode before the request thread leaves, so it holds no
 * thread; its answer is written later with a {@link WriteListener}, never blocking the
 * thread that completes it.
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

	private EngineHttpExchange(RequestSnapshot snapshot, HttpServletRequest request, HttpServletResponse response,
			byte[] body, @Nullable AsyncContext async) {
		super(snapshot);
		this.request = request;
		this.response = response;
		this.body = body;
		this.async = async;
	}

	/**
	 * Lets the server handle the exchange, after reading its body without blocking if it
	 * has one, and goes asynchronous if the server did not answer at once.
	 */
	static void serve(EngineServer server, HttpServletRequest request, HttpServletResponse response,
			long asyncTimeoutMillis) throws IOException {
		if (!hasBody(request)) {
			handle(server, new EngineHttpExchange(RequestSnapshots.of(request), request, response, EMPTY, null),
					asyncTimeoutMillis);
			return;
		}
		AsyncContext context = request.startAsync(request, response);
		context.setTimeout(asyncTimeoutMillis);
		// the snapshot is taken here, on the request thread: the principal may live in a
		// thread-bound
		// security context that the thread completing the read does not have
		BodyReader reader = new BodyReader(server, RequestSnapshots.of(request), request, response, context,
				asyncTimeoutMillis);
		// listeners can only be added now, while the request thread has not returned
		context.addListener(reader);
		ServletInputStream in = request.getInputStream();
		in.setReadListener(reader);
	}

	private static boolean hasBody(HttpServletRequest request) {
		long declared = request.getContentLengthLong();
		return declared > 0 || (declared < 0 && request.getHeader("Transfer-Encoding") != null);
	}

	private static void handle(EngineServer server, EngineHttpExchange exchange, long asyncTimeoutMillis)
			throws IOException {
		try {
			server.handle(exchange);
		}
		catch (RuntimeException ex) {
			logger.error("Engine.IO server failed to handle " + exchange.uri(), ex);
			exchange.respond(new HttpResponse(500, Map.of("Content-Length", "0"), EMPTY));
		}
		exchange.leaveHandle(asyncTimeoutMillis);
	}

	/**
	 * Collects a request body as the container reports it available, never waiting for
	 * bytes, then hands the exchange to the server. Also the async listener of the
	 * request: a timeout or a client gone before the body is complete ends the request;
	 * after, the exchange's abort applies.
	 */
	private static final class BodyReader implements ReadListener, AsyncListener {

		private final EngineServer server;

		private final RequestSnapshot snapshot;

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final AsyncContext context;

		private final long asyncTimeoutMillis;

		private final int limit;

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final byte[] chunk = new byte[8192];

		private final AtomicBoolean read = new AtomicBoolean();

		private final Scheduler.Cancellable deadline;

		private volatile @Nullable EngineHttpExchange exchange;

		BodyReader(EngineServer server, RequestSnapshot snapshot, HttpServletRequest request,
				HttpServletResponse response, AsyncContext context, long asyncTimeoutMillis) {
			this.server = server;
			this.snapshot = snapshot;
			this.request = request;
			this.response = response;
			this.context = context;
			this.asyncTimeoutMillis = asyncTimeoutMillis;
			this.limit = (int) Math.min(server.options().maxHttpBufferSize() + 1, Integer.MAX_VALUE - 16);
			long patience = server.options().pingInterval().toMillis() + server.options().pingTimeout().toMillis();
			this.deadline = server.scheduler().schedule(this::tooSlow, patience);
		}

		@Override
		public void onDataAvailable() throws IOException {
			if (read.get()) {
				// over the limit or too late: what is left is not read
				return;
			}
			ServletInputStream in = request.getInputStream();
			while (in.isReady() && !in.isFinished()) {
				int n = in.read(chunk, 0, Math.min(chunk.length, limit - body.size()));
				if (n < 0) {
					break;
				}
				body.write(chunk, 0, n);
				if (body.size() >= limit) {
					// one byte over the limit is enough for the server to answer 413
					bodyRead();
					return;
				}
			}
		}

		@Override
		public void onAllDataRead() throws IOException {
			bodyRead();
		}

		private void bodyRead() throws IOException {
			if (!read.compareAndSet(false, true)) {
				return;
			}
			deadline.cancel();
			EngineHttpExchange created = new EngineHttpExchange(snapshot, request, response, body.toByteArray(),
					context);
			exchange = created;
			handle(server, created, asyncTimeoutMillis);
		}

		@Override
		public void onError(Throwable failure) {
			// the client went away (or broke the encoding) while sending its body
			if (read.compareAndSet(false, true)) {
				deadline.cancel();
				logger.debug("Polling request body not received: " + failure);
				complete(context);
			}
		}

		/** The body did not arrive in time: 408, and the connection is not reused. */
		private void tooSlow() {
			if (read.compareAndSet(false, true)) {
				logger.debug("Polling request body too slow: answering 408");
				try {
					response.setStatus(408);
					response.setHeader("Connection", "close");
					response.setContentLength(0);
				}
				catch (RuntimeException ex) {
					// the response is gone already
				}
				complete(context);
			}
		}

		// AsyncListener: before the body is read, a timeout or an error ends the request
		// here

		@Override
		public void onTimeout(AsyncEvent event) {
			EngineHttpExchange current = exchange;
			if (current != null) {
				current.abort(event);
			}
			else {
				tooSlow();
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			EngineHttpExchange current = exchange;
			if (current != null) {
				current.abort(event);
			}
			else {
				onError(event.getThrowable());
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			deadline.cancel();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

	private void leaveHandle(long asyncTimeoutMillis) throws IOException {
		HttpResponse now;
		AsyncContext context;
		synchronized (lock) {
			inHandle = false;
			now = answeredInHandle;
			if (now == null && !finished && async == null) {
				// parked: from here on the exchange holds no thread
				AsyncContext started = request.startAsync(request, response);
				started.setTimeout(asyncTimeoutMillis);
				started.addListener(new AbortListener());
				async = started;
			}
			context = async;
		}
		if (now != null) {
			if (context != null) {
				// the body was read asynchronously: the answer is written the same way
				writeAsync(context, now);
			}
			else {
				writeBlocking(response, now);
			}
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
