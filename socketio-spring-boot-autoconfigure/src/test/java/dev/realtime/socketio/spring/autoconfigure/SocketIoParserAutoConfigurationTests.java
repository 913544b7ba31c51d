package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.msgpack.MsgpackPacketParser;
import dev.realtime.socketio.protocol.JsonPacketParser;
import dev.realtime.socketio.server.SocketIoOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code socketio.parser}: which {@code PacketParser} the server gets. */
class SocketIoParserAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class));

	@Test
	void jsonByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(SocketIoOptions.class).parser())
			.isInstanceOf(JsonPacketParser.class));
	}

	@Test
	void msgpackWhenThePropertySaysSoWithTheApplicationsMapper() {
		this.runner.withUserConfiguration(MapperConfiguration.class)
			.withPropertyValues("socketio.parser.format=msgpack")
			.run((context) -> {
				assertThat(context.getBean(SocketIoOptions.class).parser()).isInstanceOf(MsgpackPacketParser.class);
				MsgpackPacketParser parser = (MsgpackPacketParser) context.getBean(SocketIoOptions.class).parser();
				assertThat(parser.codec().mapper()).isSameAs(context.getBean(JsonMapper.class));
			});
	}

	@Test
	void aCustomizersParserWins() {
		this.runner.withPropertyValues("socketio.parser.format=msgpack")
			.withBean(SocketIoOptionsCustomizer.class,
					() -> (options, engine) -> options.parser(new JsonPacketParser()))
			.run((context) -> assertThat(context.getBean(SocketIoOptions.class).parser())
				.isInstanceOf(JsonPacketParser.class));
	}

	@Test
	void msgpackWithoutTheModuleFailsStartupSayingWhatToAdd() {
		this.runner.withPropertyValues("socketio.parser.format=msgpack")
			.withClassLoader(new FilteredClassLoader("dev.realtime.socketio.msgpack"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("socketio.parser.format=msgpack needs the dev.realtime:socketio-msgpack module"));
	}

	@Test
	void anUnknownParserFailsStartup() {
		this.runner.withPropertyValues("socketio.parser.format=protobuf")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("protobuf"));
	}

	@Configuration(proxyBeanMethods = false)
	static class MapperConfiguration {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

	}

}
