package dev.realtime.socketio.spring.web.servlet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * Writes whole WebSocket frames, built by the binding, straight to a Tomcat connection's
 * socket: several frames in one gathering write, the UTF-8 bytes the core already holds
 * (a broadcast's bytes are shared by every receiver), and the completion on the writing
 * thread when the socket took everything at once.
 *
 * <p>
 * Through the standard {@link RemoteEndpoint.Async}, Tomcat encodes every text frame
 * again, writes one frame per call and hands every completion to its executor: a thread
 * hop per frame, which on a busy server costs more than the write itself. Here, the
 * frames go through the same socket and the same lock as Tomcat's own sends: the
 * endpoint's message-part semaphore is held for the write, so Tomcat's control frames
 * (pongs, the close frame) never interleave with ours, and a close frame Tomcat already
 * sent stops further writes. Only a write the socket could not take at once completes
 * later, on Tomcat's poller.
 *
 * <p>
 * This relies on Tomcat's internals (three private fields of its WebSocket endpoint),
 * looked up once: where they are missing (another Tomcat version, another container),
 * {@link #of} returns null and the binding uses the standard API. It is not used when an
 * extension (permessage-deflate) is negotiated, whose transformation only Tomcat's own
 * send path applies, nor when the session has a write idle timeout, which only Tomcat's
 * own sends refresh.
 */
final class TomcatFrameWriter implements DirectFrameWriter {

	private static final Log logger = LogFactory.getLog(TomcatFrameWriter.class);

	/**
	 * The private fields, read through VarHandles looked up once: a plain field read per
	 * connection, no reflective access check.
	 */
	private static final @Nullable FieldHandle BASE = field("org.apache.tomcat.websocket.WsRemoteEndpointBase", "base",
			WsRemoteEndpointImplBase.class);

	private static final @Nullable FieldHandle SOCKET = field(
			"org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer", "socketWrapper", SocketWrapperBase.class);

	private static final @Nullable FieldHandle IN_PROGRESS = field(
			"org.apache.tomcat.websocket.WsRemoteEndpointImplBase", "messagePartInProgress", Semaphore.class);

	/** Set once Tomcat wrote its close frame (volatile in Tomcat's class). */
	private static final @Nullable VarHandle CLOSED = closedFlag();

	/** Tomcat's user property for a write idle timeout (refreshed by its sends only). */
	private static final String WRITE_IDLE_TIMEOUT = "org.apache.tomcat.websocket.WRITE_IDLE_TIMEOUT_MS";

	private final RemoteEndpoint.Async remote;

	private final WsRemoteEndpointImplBase endpoint;

	private final SocketWrapperBase<?> socket;

	private final Semaphore messagePartInProgress;

	private TomcatFrameWriter(RemoteEndpoint.Async remote, WsRemoteEndpointImplBase endpoint,
			SocketWrapperBase<?> socket, Semaphore messagePartInProgress) {
		this.remote = remote;
		this.endpoint = endpoint;
		this.socket = socket;
		this.messagePartInProgress = messagePartInProgress;
	}

	/**
	 * A writer for a session of Tomcat's, or null when frames must go through the
	 * standard API (see the class description).
	 */
	static @Nullable DirectFrameWriter of(Session session) {
		if (BASE == null || SOCKET == null || IN_PROGRESS == null || CLOSED == null
				|| !(session instanceof WsSession)) {
			return null;
		}
		if (!session.getNegotiatedExtensions().isEmpty() || session.getMaxIdleTimeout() > 0
				|| session.getUserProperties().get(WRITE_IDLE_TIMEOUT) != null) {
			return null;
		}
		try {
			RemoteEndpoint.Async remote = session.getAsyncRemote();
			if (!BASE.owner().isInstance(remote)) {
				return null;
			}
			Object endpoint = BASE.handle().get(remote);
			if (!SOCKET.owner().isInstance(endpoint)) {
				return null;
			}
			SocketWrapperBase<?> socket = (SocketWrapperBase<?>) SOCKET.handle().get(endpoint);
			Semaphore semaphore = (Semaphore) IN_PROGRESS.handle().get(endpoint);
			if (socket == null || semaphore == null || !socket.hasAsyncIO()) {
				return null;
			}
			return new TomcatFrameWriter(remote, (WsRemoteEndpointImplBase) endpoint, socket, semaphore);
		}
		catch (RuntimeException ex) {
			logger.debug("Frames go through Tomcat's standard WebSocket API", ex);
			return null;
		}
	}

	private static @Nullable VarHandle closedFlag() {
		try {
			return MethodHandles.privateLookupIn(WsRemoteEndpointImplBase.class, MethodHandles.lookup())
				.findVarHandle(WsRemoteEndpointImplBase.class, "closed", boolean.class);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug(
					"Tomcat's WebSocket endpoint has no accessible closed flag: frames go through its standard API",
					ex);
			return null;
		}
	}

	private static @Nullable FieldHandle field(String className, String name, Class<?> type) {
		try {
			Class<?> owner = Class.forName(className, false, TomcatFrameWriter.class.getClassLoader());
			VarHandle handle = MethodHandles.privateLookupIn(owner, MethodHandles.lookup())
				.findVarHandle(owner, name, type);
			return new FieldHandle(owner, handle);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug(
					"Tomcat's WebSocket endpoint has no accessible " + name + ": frames go through its standard API",
					ex);
			return null;
		}
	}

	/** A private field of Tomcat's and the class that declares it. */
	private record FieldHandle(Class<?> owner, VarHandle handle) {
	}

	@Override
	public boolean tryLock() {
		return messagePartInProgress.tryAcquire();
	}

	@Override
	public void unlock() {
		messagePartInProgress.release();
	}

	@Override
	public <A> void write(ByteBuffer[] buffers, A attachment, CompletionHandler<Long, ? super A> handler) {
		Releasing<A> releasing = new Releasing<>(handler);
		if ((boolean) CLOSED.getVolatile(endpoint)) {
			// Tomcat sent its close frame: nothing may follow it
			releasing.failed(new ClosedChannelException(), attachment);
			return;
		}
		try {
			socket.write(SocketWrapperBase.BlockingMode.SEMI_BLOCK, remote.getSendTimeout(), TimeUnit.MILLISECONDS,
					attachment, SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION, releasing, buffers);
		}
		catch (RuntimeException ex) {
			releasing.failed(ex, attachment);
		}
	}

	/**
	 * Gives the endpoint's lock back before the caller hears of the completion, once
	 * whatever happens.
	 */
	private final class Releasing<A> implements CompletionHandler<Long, A> {

		private final CompletionHandler<Long, ? super A> handler;

		private boolean done;

		Releasing(CompletionHandler<Long, ? super A> handler) {
			this.handler = handler;
		}

		private synchronized boolean finish() {
			if (done) {
				return false;
			}
			done = true;
			messagePartInProgress.release();
			return true;
		}

		@Override
		public void completed(Long written, A attachment) {
			if (finish()) {
				handler.completed(written, attachment);
			}
		}

		@Override
		public void failed(Throwable failure, A attachment) {
			if (finish()) {
				handler.failed(failure, attachment);
			}
		}

	}

}
