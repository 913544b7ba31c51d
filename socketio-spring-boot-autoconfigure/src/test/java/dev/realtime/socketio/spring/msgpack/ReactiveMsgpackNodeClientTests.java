package dev.realtime.socketio.spring.msgpack;

import org.springframework.boot.WebApplicationType;

/** socketio.parser.format=msgpack on WebFlux on Reactor Netty. */
class ReactiveMsgpackNodeClientTests extends AbstractMsgpackNodeClientTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
