package dev.realtime.socketio.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * Decides asynchronously whether a handshake may open a session, like Node's
 * {@code allowRequest(req, callback)}: a refused handshake gets HTTP 403 with error code
 * 4 and the gate's own message ({@code {"code":4,"message":"…"}} on polling, the message
 * as the body of a refused WebSocket upgrade). Set it with
 * {@link EngineOptions.Builder#allowRequest(AsyncRequestGate)}:
 *
 * <pre>{@code
 * engine.allowRequest((request) -> tokens.check(request.queryParameter("token"))
 *         .thenApply((valid) -> valid ? Decision.allow() : Decision.refuse("invalid token")));
 * }</pre>
 *
 * The stage may complete on any thread; a stage that fails refuses the handshake. Nothing
 * bounds how long it takes on polling and on WebFlux (as in Node, the client's own
 * timeout applies); a Spring MVC WebSocket handshake waits for it on the container's
 * thread, at most {@link EngineOptions#upgradeTimeout()}.
 */
@FunctionalInterface
public interface AsyncRequestGate {

	/** The decision for a handshake request; called on the I/O thread, keep it quick. */
	CompletionStage<Decision> decide(EngineRequest request);

	/**
	 * A gate's answer.
	 *
	 * @param allowed whether the handshake may go on
	 * @param message the refusal's message, or {@code null} for the table's
	 * ({@code "Forbidden"})
	 */
	record Decision(boolean allowed, @Nullable String message) {

		private static final Decision ALLOW = new Decision(true, null);

		private static final Decision REFUSE = new Decision(false, null);

		/** Lets the handshake go on. */
		public static Decision allow() {
			return ALLOW;
		}

		/** Refuses with the table's message, {@code "Forbidden"}. */
		public static Decision refuse() {
			return REFUSE;
		}

		/** Refuses with a message of its own. */
		public static Decision refuse(String message) {
			return new Decision(false, message);
		}

		/** The decision as an already completed stage. */
		public CompletionStage<Decision> completed() {
			return CompletableFuture.completedFuture(this);
		}

	}

	/** A synchronous gate as an asynchronous one. */
	static AsyncRequestGate of(RequestGate gate) {
		return (request) -> (gate.allow(request) ? Decision.ALLOW : Decision.REFUSE).completed();
	}

}
