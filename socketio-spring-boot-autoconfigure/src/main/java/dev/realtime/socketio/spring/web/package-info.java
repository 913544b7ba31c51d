/**
 * What both web stack bindings serve besides the Engine.IO servers: the official client
 * bundle.
 */
@NullMarked
package dev.realtime.socketio.spring.web;

import org.jspecify.annotations.NullMarked;
