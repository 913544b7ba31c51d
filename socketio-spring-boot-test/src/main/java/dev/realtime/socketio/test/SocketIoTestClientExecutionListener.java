package dev.realtime.socketio.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Disconnects the sockets a test opened with the context's {@link SocketIoTestClient}
 * after each test method, so that the next test of a cached context starts without them.
 * Registered in {@code META-INF/spring.factories}; never loads a context or creates the
 * client itself.
 */
public class SocketIoTestClientExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		for (String name : context.getBeanNamesForType(SocketIoTestClient.class, false, false)) {
			if (context instanceof org.springframework.context.ConfigurableApplicationContext configurable
					&& !configurable.getBeanFactory().containsSingleton(name)) {
				continue;
			}
			context.getBean(name, SocketIoTestClient.class).disconnectAll();
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

}
