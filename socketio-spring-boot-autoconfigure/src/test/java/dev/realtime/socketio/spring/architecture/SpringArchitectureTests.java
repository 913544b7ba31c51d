package dev.realtime.socketio.spring.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the Spring glue: the web bindings serve the Engine.IO layer through its
 * ports and never reach into the Socket.IO server; the packages form no cycle. The core's
 * own rules are in {@code CoreArchitectureTests}, which also shows that such rules fail
 * on a violation.
 */
@AnalyzeClasses(packages = "dev.realtime.socketio.spring",
		importOptions = SpringArchitectureTests.MainClassesOnly.class)
class SpringArchitectureTests {

	@ArchTest
	static final ArchRule bindingsServeTheEngineOnly = noClasses().that()
		.resideInAPackage("dev.realtime.socketio.spring.web..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.realtime.socketio.server..", "dev.realtime.socketio.adapter..",
				"dev.realtime.socketio.protocol..")
		.because("a binding adapts a web stack to engine.spi and EngineServer; Socket.IO lives above the engine");

	@ArchTest
	static final ArchRule bindingsKnowNoFeatureGlue = noClasses().that()
		.resideInAPackage("dev.realtime.socketio.spring.web..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.realtime.socketio.spring.autoconfigure..", "dev.realtime.socketio.spring.annotation..",
				"dev.realtime.socketio.spring.security..")
		.because("auto-configuration wires the bindings, not the other way round");

	@ArchTest
	static final ArchRule featuresDoNotReachIntoBindings = noClasses().that()
		.resideOutsideOfPackages("dev.realtime.socketio.spring.web..", "dev.realtime.socketio.spring.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.realtime.socketio.spring.web..")
		.because("annotations and security work on the core's API whatever the web stack");

	@ArchTest
	static final ArchRule noPackageCycle = slices().matching("dev.realtime.socketio.spring.(**)")
		.should()
		.beFreeOfCycles();

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
