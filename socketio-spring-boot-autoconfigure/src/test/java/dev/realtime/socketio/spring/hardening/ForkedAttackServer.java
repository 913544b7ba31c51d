package dev.realtime.socketio.spring.hardening;

import java.io.IOException;

import dev.realtime.socketio.spring.web.AbstractEngineWireTests;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * The application {@link AbstractForkedAttackTests} starts in a JVM of its own (with a
 * small heap): the hardening tests' echo and slow handlers with the starter's defaults,
 * but for a memory budget ({@code socketio.memory.max-total}) of
 * {@value #MEMORY_BUDGET_MB} MB and 20 Tomcat workers. Prints {@value #PORT_LINE} and the
 * port once it listens; exits when its standard input closes (the test JVM went away).
 */
public final class ForkedAttackServer {

	static final String PORT_LINE = "FORKED-SERVER-PORT=";

	/** The server's {@code socketio.memory.max-total}, in MB. */
	static final int MEMORY_BUDGET_MB = 64;

	/** The server's {@code server.tomcat.threads.max}. */
	static final int WORKERS = 20;

	private ForkedAttackServer() {
	}

	public static void main(String[] args) {
		boolean reactive = args.length > 0 && "reactive".equals(args[0]);
		SpringApplicationBuilder builder = new SpringApplicationBuilder(
				AbstractHardeningTests.HardeningTestConfiguration.class);
		if (reactive) {
			builder.sources(AbstractEngineWireTests.NettyServerConfiguration.class);
		}
		builder.web(reactive ? WebApplicationType.REACTIVE : WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"server.tomcat.threads.max=" + WORKERS, "socketio.memory.max-total=" + MEMORY_BUDGET_MB + "MB")
			.listeners((ApplicationListener<ApplicationEvent>) (event) -> {
				if (event instanceof WebServerInitializedEvent initialized) {
					System.out.println(PORT_LINE + initialized.getWebServer().getPort());
				}
			})
			.run();
		Thread watchdog = new Thread(() -> {
			try {
				while (System.in.read() >= 0) {
					// nothing is sent: only the end of the stream counts
				}
			}
			catch (IOException ex) {
				// the parent is gone as well
			}
			System.exit(0);
		}, "parent-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

}
