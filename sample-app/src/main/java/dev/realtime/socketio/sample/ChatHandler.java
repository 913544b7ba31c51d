package dev.realtime.socketio.sample;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.realtime.socketio.server.AckTimeoutException;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.RemoteSocket;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The chat of the sample page, written with the annotation model, on namespace
 * {@code /chat}.
 *
 * <ul>
 * <li>rooms: {@code join} and {@code leave} answer with the room's members, and every
 * member gets {@code members} when someone comes or goes;</li>
 * <li>room messages: {@code message} is broadcast to the room and acknowledged with the
 * message as stored (id, time): the page marks it "sent". Plain broadcasts like this one
 * are kept for connection state recovery, so a page whose connection dropped gets what it
 * missed;</li>
 * <li>private messages: {@code private} goes to every page of the recipient
 * ({@code user:<name>} room) with an acknowledgement; the sender's answer says whether a
 * page of the recipient confirmed it ("delivered"). Events with an acknowledgement are
 * not kept for recovery;</li>
 * <li>{@code typing}: a volatile broadcast, dropped rather than queued for a slow
 * client.</li>
 * </ul>
 *
 * The user's name is the authenticated principal's ({@code secure} profile), else the
 * {@code name} of the CONNECT {@code auth} payload, else a generated guest name.
 */
@SocketNamespace("/chat")
@Component
@Profile("!conformance")
class ChatHandler {

	/** Adapter room of a chat room: {@code room:lobby}. */
	static final String ROOM = "room:";

	/** Adapter room of every page of a user, for private messages: {@code user:alice}. */
	static final String USER = "user:";

	private static final String NAME = "name";

	private static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,30}");

	private static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,30}");

	private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

	private final Object announcements = new Object();

	/** A message to a room, as the page sends it. */
	record Said(@NotBlank String room, @NotBlank @Size(max = 2000) String text) {
	}

	/** A private message, as the page sends it. */
	record Whisper(@NotBlank String to, @NotBlank @Size(max = 2000) String text) {
	}

	/** The page's typing indicator. */
	record Typing(String room, boolean typing) {
	}

	/**
	 * A room message as every member receives it, and the sender as its acknowledgement.
	 */
	record ChatMessage(String id, String room, String from, String text, String at) {
	}

	/** A private message as the recipient receives it. */
	record PrivateMessage(String id, String from, String to, String text, String at) {
	}

	/** The sender's acknowledgement of a private message. */
	record Delivery(PrivateMessage message, boolean delivered) {
	}

	/** Who is in a room: sent to the whole room whenever it changes. */
	record Members(String room, List<String> members) {
	}

	/** Who is typing in a room. */
	record TypingNotice(String room, String name, boolean typing) {
	}

	/** Who the page is talking as. */
	record Session(String name, boolean authenticated) {
	}

	/** The acknowledgement of a refused event. */
	record ErrorReply(String error, String message) {
	}

	@OnConnect
	void connected(Socket socket) {
		if (!socket.recovered()) {
			socket.data().put(NAME, nameOf(socket));
		}
		String name = name(socket);
		socket.join(USER + name);
		socket.emit("session", new Session(name, socket.principal() != null));
		// a recovered socket is back in its rooms: tell them, as they saw it leave
		chatRooms(socket).forEach((room) -> announceMembers(socket, room));
		// the rooms the socket is in when it goes, told once it has left them
		AtomicReference<Set<String>> roomsLeft = new AtomicReference<>(Set.of());
		socket.onDisconnecting((reason) -> roomsLeft.set(chatRooms(socket)));
		socket.onDisconnect((reason) -> roomsLeft.get().forEach((room) -> announceMembers(socket, room)));
	}

	@SocketEvent("join")
	CompletableFuture<Members> join(String room, Socket socket) {
		checkRoomName(room);
		socket.join(ROOM + room);
		return announceMembers(socket, room);
	}

	@SocketEvent("leave")
	CompletableFuture<Members> leave(String room, Socket socket) {
		checkRoomName(room);
		socket.leave(ROOM + room);
		return announceMembers(socket, room);
	}

	@SocketEvent("message")
	ChatMessage message(@Valid @Nullable Said said, Socket socket) {
		required(said, "message needs {room, text}");
		checkMember(socket, said.room());
		ChatMessage message = new ChatMessage(UUID.randomUUID().toString(), said.room(), name(socket), said.text(),
				Instant.now().toString());
		socket.to(ROOM + said.room()).emit("message", message);
		return message;
	}

	@SocketEvent("private")
	CompletableFuture<Delivery> privateMessage(@Valid @Nullable Whisper whisper, Socket socket) {
		required(whisper, "private needs {to, text}");
		PrivateMessage message = new PrivateMessage(UUID.randomUUID().toString(), name(socket), whisper.to(),
				whisper.text(), Instant.now().toString());
		return socket.to(USER + whisper.to())
			.timeout(DELIVERY_TIMEOUT)
			.emitWithAck("private", message)
			.handle((answers, failure) -> new Delivery(message, !confirmations(answers, failure).isEmpty()));
	}

	@SocketEvent("typing")
	void typing(@Nullable Typing typing, Socket socket) {
		required(typing, "typing needs {room, typing}");
		checkMember(socket, typing.room());
		socket.to(ROOM + typing.room())
			.volatile_()
			.emit("typing", new TypingNotice(typing.room(), name(socket), typing.typing()));
	}

	@SocketExceptionHandler
	ErrorReply refused(IllegalArgumentException ex) {
		return new ErrorReply("bad_request", ex.getMessage());
	}

	@SocketExceptionHandler
	ErrorReply invalid(ConstraintViolationException ex) {
		String reasons = ex.getConstraintViolations()
			.stream()
			.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
			.sorted()
			.collect(Collectors.joining(", "));
		return new ErrorReply("bad_request", reasons);
	}

	/**
	 * Tells the whole room who is in it (on every node of a cluster) and answers the same
	 * list. One announcement at a time, so that every member gets the latest list last:
	 * the in-memory adapter answers {@code fetchSockets()} at once, under the lock.
	 */
	private CompletableFuture<Members> announceMembers(Socket socket, String room) {
		synchronized (this.announcements) {
			return socket.namespace().in(ROOM + room).fetchSockets().thenApply((sockets) -> {
				List<String> names = sockets.stream()
					.map(RemoteSocket::data)
					.map((data) -> data.get(NAME))
					.filter(Objects::nonNull)
					.map(Object::toString)
					.distinct()
					.sorted()
					.toList();
				Members members = new Members(room, names);
				socket.namespace().to(ROOM + room).emit("members", members);
				return members;
			});
		}
	}

	private static List<EventArgs> confirmations(@Nullable List<EventArgs> answers, @Nullable Throwable failure) {
		if (answers != null) {
			return answers;
		}
		Throwable cause = (failure != null && failure.getCause() != null) ? failure.getCause() : failure;
		return (cause instanceof AckTimeoutException timeout) ? timeout.responses() : List.of();
	}

	private static Set<String> chatRooms(Socket socket) {
		return socket.rooms()
			.stream()
			.filter((room) -> room.startsWith(ROOM))
			.map((room) -> room.substring(ROOM.length()))
			.collect(Collectors.toSet());
	}

	private static void required(@Nullable Object payload, String message) {
		if (payload == null) {
			throw new IllegalArgumentException(message);
		}
	}

	private static void checkRoomName(@Nullable String room) {
		if (room == null || !ROOM_NAME.matcher(room).matches()) {
			throw new IllegalArgumentException("a room name is 1 to 30 letters, digits, '-' or '_'");
		}
	}

	private static void checkMember(Socket socket, @Nullable String room) {
		if (room == null || !socket.rooms().contains(ROOM + room)) {
			throw new IllegalArgumentException("join the room first");
		}
	}

	private static String name(Socket socket) {
		return (String) socket.data().get(NAME);
	}

	/** The principal's name, else the name the page chose, else a guest name. */
	private static String nameOf(Socket socket) {
		Principal principal = socket.principal();
		if (principal != null) {
			return principal.getName();
		}
		Map<String, Object> auth = socket.handshake().auth();
		if (auth.get(NAME) instanceof String chosen && USER_NAME.matcher(chosen.strip()).matches()) {
			return chosen.strip();
		}
		return "guest-" + socket.id().substring(0, 4);
	}

}
