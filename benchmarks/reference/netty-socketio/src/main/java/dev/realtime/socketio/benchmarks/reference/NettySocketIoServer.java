package dev.realtime.socketio.benchmarks.reference;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;

/**
 * netty-socketio with the benchmark's handlers: {@code echo} acknowledges with its argument,
 * {@code broadcast} re-emits its argument to every client of the main namespace.
 *
 * <pre>java -cp … dev.realtime.socketio.benchmarks.reference.NettySocketIoServer port [pingIntervalMs] [pingTimeoutMs]</pre>
 */
public final class NettySocketIoServer {

	private NettySocketIoServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		Configuration config = new Configuration();
		config.setHostname("127.0.0.1");
		config.setPort(Integer.parseInt(args[0]));
		config.setPingInterval((args.length > 1) ? Integer.parseInt(args[1]) : 25_000);
		config.setPingTimeout((args.length > 2) ? Integer.parseInt(args[2]) : 20_000);
		SocketIOServer server = new SocketIOServer(config);
		server.addEventListener("echo", Object.class, (client, data, ack) -> {
			if (ack.isAckRequested()) {
				ack.sendAckData(data);
			}
		});
		server.addEventListener("broadcast", Object.class,
				(client, data, ack) -> server.getBroadcastOperations().sendEvent("broadcast", data));
		server.start();
		System.out.println("netty-socketio listening on 127.0.0.1:" + args[0]);
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		Thread.currentThread().join();
	}
}
