/**
 * Our reference server for the load tests: the starter with the benchmark's handlers, on
 * Spring MVC or WebFlux.
 */
@NullMarked
package dev.realtime.socketio.benchmarks.server;

import org.jspecify.annotations.NullMarked;
