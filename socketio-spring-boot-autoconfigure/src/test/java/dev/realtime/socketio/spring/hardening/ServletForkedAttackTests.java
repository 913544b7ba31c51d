package dev.realtime.socketio.spring.hardening;

/** The attacks of issue 13 against a Spring MVC/Tomcat server with a 512 MB heap. */
class ServletForkedAttackTests extends AbstractForkedAttackTests {

	@Override
	protected String stack() {
		return "servlet";
	}

}
