package dev.realtime.socketio.spring.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The name patterns of {@link SocketAuthorizationRules}. */
class SocketAuthorizationRulesTests {

	@Test
	void aNamespaceWithoutWildcardsMatchesOnlyItself() {
		NameMatcher admin = NameMatcher.namespace("/admin");
		assertThat(admin.test("/admin")).isTrue();
		assertThat(admin.test("/admins")).isFalse();
		assertThat(admin.test("/admin/x")).isFalse();
	}

	@Test
	void doubleStarAtTheEndMatchesThePrefixAndEverythingBelow() {
		assertThat(NameMatcher.namespace("/**").test("/")).isTrue();
		assertThat(NameMatcher.namespace("/**").test("/a/b")).isTrue();
		NameMatcher admin = NameMatcher.namespace("/admin/**");
		assertThat(admin.test("/admin")).isTrue();
		assertThat(admin.test("/admin/users")).isTrue();
		assertThat(admin.test("/administrators")).isFalse();
	}

	@Test
	void aSingleStarStaysWithinOneNamespaceSegment() {
		NameMatcher teams = NameMatcher.namespace("/team-*");
		assertThat(teams.test("/team-42")).isTrue();
		assertThat(teams.test("/team-42/private")).isFalse();
	}

	@Test
	void eventPatternsMatchAnyRunOfCharactersAndQuoteTheRest() {
		NameMatcher delete = NameMatcher.event("delete*");
		assertThat(delete.test("delete")).isTrue();
		assertThat(delete.test("delete:message")).isTrue();
		assertThat(delete.test("undelete")).isFalse();
		assertThat(NameMatcher.event("a.b").test("aXb")).isFalse();
		assertThat(NameMatcher.event("chat:?").test("chat:1")).isTrue();
	}

}
