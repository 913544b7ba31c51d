package dev.realtime.socketio.spring.actuate.admin;

import java.util.function.BiPredicate;

import org.jspecify.annotations.Nullable;

/**
 * Options of {@link SocketIoAdminUi}, as those of Node's {@code instrument(io, options)}.
 *
 * @param namespace the admin namespace ({@code /admin})
 * @param readonly whether the UI's operations (emit, join, leave, disconnect) are refused
 * @param production production mode: only the aggregated statistics, no socket list or
 * event feed (Node's {@code mode: "production"})
 * @param serverId this server's name in the UI
 * @param credentials checks a CONNECT's {@code username} and {@code password}, or
 * {@code null} when the admin namespace is protected otherwise (a Spring Security
 * namespace rule) or not at all
 */
public record AdminUiOptions(String namespace, boolean readonly, boolean production, String serverId,
		@Nullable BiPredicate<String, String> credentials) {
}
