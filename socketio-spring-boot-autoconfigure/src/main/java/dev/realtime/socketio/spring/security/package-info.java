/**
 * Spring Security for Socket.IO: the authentication of a namespace CONNECT from its
 * {@code auth} payload ({@link SocketAuthenticationConverter},
 * {@link SocketAuthenticationMiddleware}), the authorization of connections and events
 * ({@link SocketAuthorizationRules}), the {@code SecurityContext} around every listener
 * ({@link SecurityContextSocketInterceptor}) and {@code @AuthenticationPrincipal} handler
 * arguments. The error shapes clients see are listed in {@link SocketSecurityErrors}.
 */
@NullMarked
package dev.realtime.socketio.spring.security;

import org.jspecify.annotations.NullMarked;
