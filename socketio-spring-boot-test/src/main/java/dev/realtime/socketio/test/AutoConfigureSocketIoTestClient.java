package dev.realtime.socketio.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Gives a test that runs the web server
 * ({@code @SpringBootTest(webEnvironment = RANDOM_PORT)}) a {@link SocketIoTestClient}
 * bean. The module's auto-configuration does the same whenever it is on the classpath;
 * the annotation states it, and imports it where auto-configuration is limited (test
 * slices, {@code @ImportAutoConfiguration} tests).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(SocketIoTestClientAutoConfiguration.class)
public @interface AutoConfigureSocketIoTestClient {

}
