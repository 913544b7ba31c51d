/**
 * Auto-configuration of the Engine.IO binding for Spring MVC on a servlet container.
 */
@NullMarked
package dev.realtime.socketio.spring.autoconfigure.servlet;

import org.jspecify.annotations.NullMarked;
