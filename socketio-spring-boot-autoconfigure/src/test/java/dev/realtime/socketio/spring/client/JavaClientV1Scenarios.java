package dev.realtime.socketio.spring.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Scenarios of the Java client 1.0.x ({@code io.socket:socket.io-client}, Engine.IO v3)
 * against a server with {@code socketio.allow-eio3=true}. Runs in a JVM of its own
 * ({@link AbstractEio3ClientTests} forks it), whose class path holds the 1.0.x client
 * instead of the 2.x one of the tests: it is compiled against 2.x, and uses only what
 * both versions have. Prints {@code RESULT <json>} and exits 0, or prints the failure and
 * exits 1.
 *
 * <p>
 * Usage: {@code JavaClientV1Scenarios <baseUrl> <transport>}
 */
public final class JavaClientV1Scenarios {

	private static final long WAIT_SECONDS = 10;

	private JavaClientV1Scenarios() {
	}

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String transport = args[1];
		Thread deadline = new Thread(() -> {
			try {
				Thread.sleep(30_000);
				System.out.println("FAILED deadline");
				System.exit(1);
			}
			catch (InterruptedException ex) {
				// finished in time
			}
		});
		deadline.setDaemon(true);
		deadline.start();
		try {
			JSONObject result = run(base, transport);
			System.out.println("RESULT " + result);
			System.exit(0);
		}
		catch (Throwable ex) {
			System.out.println("FAILED " + ex);
			ex.printStackTrace(System.out);
			System.exit(1);
		}
	}

	private static IO.Options options(String transport) {
		IO.Options options = new IO.Options();
		options.forceNew = true;
		options.reconnection = false;
		options.transports = transport.split(",");
		return options;
	}

	/** The arguments of the next {@code event}. */
	private static BlockingQueue<Object[]> listen(Socket socket, String event) {
		BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
		socket.on(event, queue::add);
		return queue;
	}

	private static Object[] take(BlockingQueue<Object[]> queue, String what) throws InterruptedException {
		Object[] args = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		if (args == null) {
			throw new IllegalStateException("no " + what + " within " + WAIT_SECONDS + " s");
		}
		return args;
	}

	private static Object describe(Object value) throws Exception {
		if (value instanceof byte[] bytes) {
			JSONArray array = new JSONArray();
			for (byte b : bytes) {
				array.put(b & 0xff);
			}
			return new JSONObject().put("binary", array);
		}
		return value;
	}

	private static JSONObject run(String base, String transport) throws Exception {
		JSONObject result = new JSONObject();
		Socket socket = IO.socket(base + "/", options(transport));
		BlockingQueue<Object[]> welcome = listen(socket, "welcome");
		BlockingQueue<Object[]> echo = listen(socket, "echo");
		BlockingQueue<Object[]> answerReceived = listen(socket, "answer-received");
		socket.on("question",
				(args) -> ((Ack) args[args.length - 1]).call("answer to " + args[0], new byte[] { 5, 6 }));
		socket.connect();
		Object[] hello = take(welcome, "welcome");
		result.put("welcomeIsSocketId", hello[0].equals(socket.id()));

		socket.emit("echo", "text", 42, new JSONObject().put("nested", new JSONArray().put(true)),
				new byte[] { 1, 2, 3 });
		List<Object> echoed = new ArrayList<>();
		for (Object arg : take(echo, "echo")) {
			echoed.add(describe(arg));
		}
		result.put("echoed", new JSONArray(echoed));

		BlockingQueue<Object[]> ack = new LinkedBlockingQueue<>();
		socket.emit("ack", "a", new byte[] { 7 }, (Ack) ack::add);
		Object[] acked = take(ack, "ack");
		result.put("clientAck", new JSONArray().put(acked[0]).put(describe(acked[1])));

		socket.emit("ask-me");
		result.put("serverGot", take(answerReceived, "answer-received")[0]);

		IO.Options adminOptions = options(transport);
		adminOptions.query = "token=secret";
		Socket admin = IO.socket(base + "/admin", adminOptions);
		BlockingQueue<Object[]> adminWelcome = listen(admin, "admin-welcome");
		admin.connect();
		result.put("adminWelcome", take(adminWelcome, "admin-welcome")[0]);
		admin.close();

		// its parser takes string errors only: "Invalid namespace" is a string for v3
		// clients (Node's object would not parse)
		Socket refused = IO.socket(base + "/nowhere", options(transport));
		BlockingQueue<Object[]> refusal = listen(refused, "error");
		refused.connect();
		result.put("refusal", take(refusal, "error")[0]);
		refused.close();

		socket.close();
		return result;
	}

}
