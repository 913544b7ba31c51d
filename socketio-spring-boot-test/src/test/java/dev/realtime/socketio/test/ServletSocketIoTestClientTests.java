package dev.realtime.socketio.test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The test client against Spring MVC on Tomcat. */
@SpringBootTest(classes = TestClientApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
class ServletSocketIoTestClientTests extends AbstractSocketIoTestClientTests {

}
