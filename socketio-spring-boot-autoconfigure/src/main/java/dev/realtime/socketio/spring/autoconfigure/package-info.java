/**
 * Auto-configuration of the Socket.IO server and its {@code socketio.*} properties; the
 * web stack bindings live in the {@code servlet} and {@code reactive} sub-packages.
 */
@NullMarked
package dev.realtime.socketio.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
