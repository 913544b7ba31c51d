package dev.realtime.socketio.benchmarks.server;

import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.SocketEvent;

/**
 * The benchmark's two handlers written as applications write them: {@code @SocketEvent}
 * methods of a bean. {@code echo} returns its arguments (the acknowledgement, when the
 * client asked for one), {@code broadcast} re-emits them to the whole main namespace.
 * Active with {@code --bench.handlers=annotated}.
 */
public class AnnotatedHandlers {

	@SocketEvent("echo")
	public Object[] echo(EventArgs args) {
		return args.toArray();
	}

	@SocketEvent("broadcast")
	public void broadcast(EventArgs args, SocketIoServer io) {
		io.emit("broadcast", args.toArray());
	}

}
