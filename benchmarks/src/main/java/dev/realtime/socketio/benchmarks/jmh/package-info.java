/**
 * JMH micro-benchmarks of the hot paths: Engine.IO and Socket.IO encoding and decoding,
 * and a broadcast encoded once for many targets, each beside a baseline measured in the
 * same run.
 */
@NullMarked
package dev.realtime.socketio.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
