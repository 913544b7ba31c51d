/**
 * Socket.IO v5 packets, the parser SPI and the default JSON parser with binary
 * attachments.
 */
@NullMarked
package dev.realtime.socketio.protocol;

import org.jspecify.annotations.NullMarked;
