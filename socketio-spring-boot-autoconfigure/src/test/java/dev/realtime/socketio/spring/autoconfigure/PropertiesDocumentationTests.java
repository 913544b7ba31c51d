package dev.realtime.socketio.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's property table and the configuration metadata (what IDEs show) say the
 * same thing: every property has a row, every row names a property, every default the
 * metadata knows is the one the table shows, and every property the metadata lists
 * without a default has none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropertiesDocumentationTests {

	private static final Pattern CODE = Pattern.compile("`([^`]*)`");

	/**
	 * Property name to the README's default cell, one entry per property of the table.
	 */
	private final Map<String, String> table = new LinkedHashMap<>();

	/** Property name to its metadata entry. */
	private final Map<String, JsonNode> metadata = new LinkedHashMap<>();

	@BeforeAll
	void read() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		String section = readme.substring(readme.indexOf("\n## Properties"));
		section = section.substring(0, section.indexOf("\n## ", 1));
		for (String line : section.lines().filter((candidate) -> candidate.startsWith("| `socketio.")).toList()) {
			String[] cells = line.split(" \\| ");
			List<String> names = codes(cells[0]);
			String[] defaults = cells[1].split(" / ");
			if (defaults.length == 1) {
				// one default cell for every property of the row ("none")
				defaults = java.util.Collections.nCopies(names.size(), defaults[0]).toArray(String[]::new);
			}
			assertThat(defaults).as("one default per property in %s", line).hasSize(names.size());
			String prefix = names.get(0).substring(0, names.get(0).lastIndexOf('.') + 1);
			for (int i = 0; i < names.size(); i++) {
				String name = (i == 0) ? names.get(0) : prefix + names.get(i);
				assertThat(table.put(name, defaults[i].trim())).as("one row for %s", name).isNull();
			}
		}
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("the configuration metadata (generated at compile time)").isNotNull();
			for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
				String name = property.get("name").asString();
				if (name.startsWith("socketio.")) { // not the actuator endpoint's
													// management.* ones
					metadata.put(name, property);
				}
			}
		}
	}

	@Test
	void everyPropertyHasARowAndEveryRowAProperty() {
		assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(metadata.keySet());
	}

	@Test
	void everyDefaultIsTheMetadatasAndVisibleInTheIde() {
		for (Map.Entry<String, JsonNode> property : metadata.entrySet()) {
			String documented = table.get(property.getKey());
			if (documented == null) {
				continue; // reported by the other test
			}
			JsonNode defaultValue = property.getValue().get("defaultValue");
			List<String> values = codes(documented);
			if (defaultValue == null) {
				assertThat(values)
					.as("%s has no default in the metadata: the README shows none (or says why in words)",
							property.getKey())
					.isEmpty();
				continue;
			}
			assertThat(values).as("the README's default of %s", property.getKey())
				.isNotEmpty()
				.first()
				.isEqualTo(text(defaultValue));
		}
	}

	private static String text(JsonNode value) {
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return String.join(",", items);
		}
		return value.asString();
	}

	private static List<String> codes(String cell) {
		List<String> codes = new ArrayList<>();
		Matcher matcher = CODE.matcher(cell);
		while (matcher.find()) {
			codes.add(matcher.group(1));
		}
		return codes;
	}

}
