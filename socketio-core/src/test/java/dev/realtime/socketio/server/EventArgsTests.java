package dev.realtime.socketio.server;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventArgsTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final EventArgs args = new EventArgs(List.<JsonNode>of(mapper.readTree("{\"id\":\"o-1\"}")), mapper);

	record Order(String id) {
	}

	@Test
	void presentArgumentIsConvertedToTheRequestedType() {
		assertThat(args.get(0, Order.class)).isEqualTo(new Order("o-1"));
		assertThat(args.value(0)).isEqualTo(Map.of("id", "o-1"));
	}

	@Test
	void missingArgumentIsNullLikeAnAnnotatedPayloadParameter() {
		assertThat(args.get(1, Order.class)).isNull();
		assertThat(args.get(5, String.class)).isNull();
		assertThat(args.value(1)).isNull();
	}

	@Test
	void negativeIndexIsAnError() {
		assertThatThrownBy(() -> args.get(-1, String.class)).isInstanceOf(IndexOutOfBoundsException.class)
			.hasMessageContaining("-1");
	}

}
