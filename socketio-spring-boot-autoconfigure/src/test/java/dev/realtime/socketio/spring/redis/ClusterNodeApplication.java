package dev.realtime.socketio.spring.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring node of the test cluster, the Java counterpart of {@code peer.js server}: a
 * socket joins the rooms of its {@code auth.rooms} and gets {@code data = {node, user}}
 * (a recovered socket keeps those of its session); server-side events {@code sse} are
 * recorded and answered {@code "pong from <node>"}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ClusterNodeApplication {

	/** Server-side events this node received: {@code [event, args…]}. */
	static final class ServerSideEvents {

		final List<List<Object>> received = new CopyOnWriteArrayList<>();

	}

	@Bean
	ServerSideEvents serverSideEvents() {
		return new ServerSideEvents();
	}

	@Bean
	SocketIoServerCustomizer clusterNode(@Value("${test.node}") String node, ServerSideEvents events) {
		return (io) -> {
			io.on((socket) -> {
				if (socket.recovered()) {
					// id, rooms and data come back from the session (possibly another
					// node's)
					return;
				}
				Map<String, Object> auth = socket.handshake().auth();
				if (auth.get("rooms") instanceof List<?> rooms) {
					rooms.forEach((room) -> socket.join(String.valueOf(room)));
				}
				socket.data().put("node", node);
				if (auth.get("user") != null) {
					socket.data().put("user", auth.get("user"));
				}
			});
			io.sockets().onServerSideEmit("sse", (args, ack) -> {
				List<Object> event = new ArrayList<>();
				event.add("sse");
				for (int i = 0; i < args.size(); i++) {
					event.add(args.value(i));
				}
				events.received.add(event);
				if (ack != null) {
					ack.send("pong from " + node);
				}
			});
		};
	}

	/** Starts a node on a free port. */
	static ConfigurableApplicationContext start(WebApplicationType type, String node, int redisPort, String... more) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"test.node=" + node, "socketio.adapter.type=redis", "socketio.adapter.redis.requests-timeout=3s",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redisPort,
				"socketio.emitter.enabled=true", "socketio.ping-interval=5s", "socketio.ping-timeout=5s"));
		properties.addAll(List.of(more));
		return new SpringApplicationBuilder(ClusterNodeApplication.class).web(type)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	static String url(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static SocketIoServer io(ConfigurableApplicationContext context) {
		return context.getBean(SocketIoServer.class);
	}

}
