/**
 * Auto-configuration of the Spring Security integration, active when Spring Security is
 * on the classpath.
 */
@NullMarked
package dev.realtime.socketio.spring.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
