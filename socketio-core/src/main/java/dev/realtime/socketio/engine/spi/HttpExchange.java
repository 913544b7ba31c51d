package dev.realtime.socketio.engine.spi;

/**
 * One HTTP request/response pair handed to {@code EngineServer.handle}. The binding reads
 * the request body before it calls the server (at most
 * {@code EngineOptions.maxHttpBufferSize() + 1} bytes, so the server can tell an
 * oversized body) and completes the response when the server calls
 * {@link #respond(HttpResponse)}, which may happen later and on another thread: a parked
 * polling GET holds no thread.
 */
public interface HttpExchange extends EngineRequest {

	/**
	 * Request body as read by the binding, never more than {@code maxHttpBufferSize + 1}
	 * bytes; empty for requests without a body.
	 */
	byte[] body();

	/**
	 * Completes the exchange. The server calls it exactly once, from any thread; the
	 * binding writes the status, the headers and the body and ends the request.
	 */
	void respond(HttpResponse response);

	/**
	 * Registers the callback the binding runs once if the client goes away before
	 * {@link #respond(HttpResponse)} was called (connection closed, request cancelled).
	 * Called at most once per exchange, before the server parks it.
	 */
	void onAbort(Runnable callback);

}
