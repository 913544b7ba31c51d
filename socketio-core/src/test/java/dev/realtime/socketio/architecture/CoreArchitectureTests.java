package dev.realtime.socketio.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the core, checked on its compiled classes: the layers of
 * {@code docs/architecture.md}, no package cycle, no framework. The fixture tests show
 * each rule fails on a violation.
 */
@AnalyzeClasses(packages = "dev.realtime.socketio", importOptions = CoreArchitectureTests.MainClassesOnly.class)
class CoreArchitectureTests {

	/**
	 * {@code engine.spi} (the ports) ← {@code engine.codec} ← {@code engine} (+
	 * {@code engine.transport}) ← {@code adapter} ← {@code server}; {@code protocol}
	 * (Socket.IO packets) beside the engine, used by the adapter and the server.
	 */
	@ArchTest
	static final ArchRule layers = layers("dev.realtime.socketio");

	@ArchTest
	static final ArchRule noPackageCycle = noCycles("dev.realtime.socketio");

	@ArchTest
	static final ArchRule transportsKnowNoSession = noClasses().that()
		.resideInAPackage("dev.realtime.socketio.engine.transport..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.realtime.socketio.engine")
		.because("a transport raises its events to a TransportListener; the session drives it, not the reverse");

	@ArchTest
	static final ArchRule noFramework = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta..", "javax.servlet..", "reactor..", "io.netty..",
				"org.apache..")
		.because("socketio-core runs on the JDK and Jackson only: web stacks plug in through engine.spi");

	static ArchRule layers(String root) {
		return layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("ports")
			.definedBy(root + ".engine.spi..")
			.layer("codec")
			.definedBy(root + ".engine.codec..")
			.layer("engine")
			.definedBy(root + ".engine", root + ".engine.transport..")
			.layer("protocol")
			.definedBy(root + ".protocol..")
			.layer("adapter")
			.definedBy(root + ".adapter..")
			.layer("server")
			.definedBy(root + ".server..")
			.whereLayer("server")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("adapter")
			.mayOnlyBeAccessedByLayers("server")
			.whereLayer("protocol")
			.mayOnlyBeAccessedByLayers("adapter", "server")
			.whereLayer("engine")
			.mayOnlyBeAccessedByLayers("adapter", "server")
			.whereLayer("codec")
			.mayOnlyBeAccessedByLayers("engine", "adapter", "server")
			.whereLayer("ports")
			.mayOnlyBeAccessedByLayers("codec", "engine", "adapter", "server");
	}

	static ArchRule noCycles(String root) {
		return slices().matching(root + ".(**)").should().beFreeOfCycles();
	}

	// ---------------------------------------------------------------- the rules can fail

	private static final String FIXTURE = "dev.realtime.socketio.architecture.fixture";

	private static JavaClasses fixture() {
		return new ClassFileImporter().importClasses(
				dev.realtime.socketio.architecture.fixture.adapter.FixtureAdapter.class,
				dev.realtime.socketio.architecture.fixture.server.FixtureSocket.class);
	}

	@Test
	void layersFailWhenTheAdapterReachesIntoTheServer() {
		assertThat(layers(FIXTURE).evaluate(fixture()).hasViolation()).isTrue();
		assertThat(layers(FIXTURE).evaluate(fixture()).getFailureReport().getDetails())
			.anyMatch((line) -> line.contains("fixture.adapter.FixtureAdapter") && line.contains("fixture.server"));
	}

	@Test
	void cyclesFailOnAPackageCycle() {
		assertThat(noCycles(FIXTURE).evaluate(fixture()).hasViolation()).isTrue();
	}

	/**
	 * The main classes only: ArchUnit's {@code DoNotIncludeTests} knows
	 * {@code target/test-classes} but not the {@code -Dbuild.dir.name=target-x} folders
	 * parallel builds use.
	 */
	static final class MainClassesOnly implements ImportOption {

		@Override
		public boolean includes(Location location) {
			return !location.contains("/test-classes/") && !location.contains("-tests.jar");
		}

	}

}
