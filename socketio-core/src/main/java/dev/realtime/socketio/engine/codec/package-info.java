/** Engine.IO v4 packets and the long-polling payload framing. */
@NullMarked
package dev.realtime.socketio.engine.codec;

import org.jspecify.annotations.NullMarked;
