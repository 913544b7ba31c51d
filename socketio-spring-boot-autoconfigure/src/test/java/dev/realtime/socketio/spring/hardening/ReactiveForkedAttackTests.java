package dev.realtime.socketio.spring.hardening;

/** The attacks of issue 13 against a WebFlux/Reactor Netty server with a 512 MB heap. */
class ReactiveForkedAttackTests extends AbstractForkedAttackTests {

	@Override
	protected String stack() {
		return "reactive";
	}

}
