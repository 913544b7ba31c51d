package dev.realtime.socketio.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Describes a {@link SocketIoNotServedException} in the startup failure report. */
class SocketIoNotServedFailureAnalyzer extends AbstractFailureAnalyzer<SocketIoNotServedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SocketIoNotServedException cause) {
		return new FailureAnalysis(cause.getMessage() + " socketio.enabled=true asks for Socket.IO to be served.",
				cause.getAction(), cause);
	}

}
