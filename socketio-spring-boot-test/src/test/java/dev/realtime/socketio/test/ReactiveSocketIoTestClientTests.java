package dev.realtime.socketio.test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The test client against WebFlux on Reactor Netty, found through
 * {@link AutoConfigureSocketIoTestClient}.
 */
@SpringBootTest(classes = TestClientApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "spring.main.web-application-type=reactive" })
@AutoConfigureSocketIoTestClient
class ReactiveSocketIoTestClientTests extends AbstractSocketIoTestClientTests {

}
