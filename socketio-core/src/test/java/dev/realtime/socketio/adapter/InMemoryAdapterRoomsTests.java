package dev.realtime.socketio.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room bookkeeping of {@link InMemoryAdapter}: small sets are immutable and replaced,
 * large ones concurrent; joins and leaves answer the same either way.
 */
class InMemoryAdapterRoomsTests {

	private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

	private final InMemoryAdapter adapter = new InMemoryAdapter(new NoSockets());

	InMemoryAdapterRoomsTests() {
		adapter.addRoomListener(new RoomListener() {
			@Override
			public void onCreateRoom(String room) {
				events.add("create " + room);
			}

			@Override
			public void onDeleteRoom(String room) {
				events.add("delete " + room);
			}

			@Override
			public void onJoinRoom(String room, String socketId) {
				events.add("join " + room + " " + socketId);
			}

			@Override
			public void onLeaveRoom(String room, String socketId) {
				events.add("leave " + room + " " + socketId);
			}
		});
	}

	@Test
	void aSocketJoiningAndLeavingManyRoomsKeepsAnExactSet() {
		adapter.addAll("s1", Set.of("s1"));
		for (int i = 0; i < 10; i++) {
			adapter.addAll("s1", Set.of("r" + i));
		}
		adapter.addAll("s1", Set.of("r3"));

		assertThat(adapter.socketRooms("s1")).hasSize(11).contains("s1", "r0", "r9");
		for (int i = 0; i < 10; i++) {
			adapter.del("s1", "r" + i);
		}
		adapter.del("s1", "r0");
		assertThat(adapter.socketRooms("s1")).containsExactly("s1");
		assertThat(adapter.rooms()).containsExactly("s1");
		assertThat(events).filteredOn((event) -> event.startsWith("join r3")).hasSize(1);
		assertThat(events).filteredOn((event) -> event.startsWith("leave r0")).hasSize(1);
	}

	@Test
	void aSocketAloneInItsOwnRoomGoesToTwoRoomsAndBack() {
		adapter.addAll("s1", Set.of("s1"));
		assertThat(adapter.socketRooms("s1")).containsExactly("s1");
		assertThat(adapter.rooms()).containsExactly("s1");

		adapter.addAll("s1", Set.of("lobby"));
		assertThat(adapter.socketRooms("s1")).containsExactlyInAnyOrder("s1", "lobby");
		// another socket joins the first one's own room: that room is no longer shared
		adapter.addAll("s2", Set.of("s2", "s1"));
		assertThat(adapter.socketRooms("s2")).containsExactlyInAnyOrder("s2", "s1");
		assertThat(adapter.socketRooms("s1")).containsExactlyInAnyOrder("s1", "lobby");

		adapter.del("s1", "lobby");
		assertThat(adapter.socketRooms("s1")).containsExactly("s1");
		adapter.del("s2", "s1");
		assertThat(adapter.socketRooms("s2")).containsExactly("s2");
		assertThat(adapter.socketRooms("s1")).containsExactly("s1");
		assertThat(adapter.rooms()).containsExactlyInAnyOrder("s1", "s2");

		// leaving its own room leaves the socket in none
		adapter.del("s1", "s1");
		assertThat(adapter.socketRooms("s1")).isEmpty();
		assertThat(adapter.rooms()).containsExactly("s2");
		adapter.addAll("s1", Set.of("s1"));
		adapter.delAll("s1");
		adapter.delAll("s2");
		assertThat(adapter.rooms()).isEmpty();
		assertThat(adapter.socketRooms("s1")).isNull();
		assertThat(events).containsSubsequence("create s1", "join s1 s1", "join s1 s2", "leave s1 s2", "leave s1 s1",
				"delete s1");
	}

	@Test
	void concurrentJoinsAndLeavesOfOwnAndSharedRoomsLoseNothing() throws Exception {
		int sockets = 16;
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
			for (int s = 0; s < sockets; s++) {
				String id = "s" + s;
				String other = "s" + ((s + 1) % sockets);
				runs.add(threads.submit(() -> {
					start.await();
					adapter.addAll(id, Set.of(id));
					for (int i = 0; i < 500; i++) {
						adapter.addAll(id, Set.of("lobby", other));
						adapter.del(id, "lobby");
						adapter.del(id, other);
					}
					return null;
				}));
			}
			start.countDown();
			for (java.util.concurrent.Future<?> run : runs) {
				run.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		for (int s = 0; s < sockets; s++) {
			assertThat(adapter.socketRooms("s" + s)).containsExactly("s" + s);
		}
		assertThat(adapter.rooms()).hasSize(sockets).doesNotContain("lobby");
	}

	@Test
	void aRoomGrowsPastTheSmallSizeAndIsDeletedWithItsLastMember() {
		for (int i = 0; i < 8; i++) {
			adapter.addAll("s" + i, Set.of("lobby"));
		}
		assertThat(adapter.sockets(Set.of("lobby"))).isEmpty(); // no local sockets here
		assertThat(adapter.hasRoom("lobby")).isTrue();
		for (int i = 0; i < 8; i++) {
			adapter.del("s" + i, "lobby");
		}

		assertThat(adapter.hasRoom("lobby")).isFalse();
		assertThat(events).first().isEqualTo("create lobby");
		assertThat(events).last().isEqualTo("delete lobby");
		assertThat(events).filteredOn((event) -> event.startsWith("join lobby")).hasSize(8);
		assertThat(events).filteredOn((event) -> event.startsWith("leave lobby")).hasSize(8);
	}

	@Test
	void aSocketLeavingEveryRoomIsStillKnownUntilRemoved() {
		adapter.addAll("s1", Set.of("a"));
		adapter.del("s1", "a");

		assertThat(adapter.socketRooms("s1")).isEmpty();
		adapter.delAll("s1");
		assertThat(adapter.socketRooms("s1")).isNull();
		adapter.addAll("s2", Set.of());
		assertThat(adapter.socketRooms("s2")).isEmpty();
	}

	@Test
	void concurrentJoinsAndLeavesOfOneRoomLoseNothing() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			CountDownLatch done = new CountDownLatch(4);
			for (int t = 0; t < 4; t++) {
				int thread = t;
				pool.execute(() -> {
					for (int i = 0; i < 200; i++) {
						String id = "t" + thread + "-" + i;
						adapter.addAll(id, Set.of("shared", id));
						if (i % 2 == 0) {
							adapter.del(id, "shared");
						}
					}
					done.countDown();
				});
			}
			assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			pool.shutdownNow();
		}
		for (int t = 0; t < 4; t++) {
			for (int i = 0; i < 200; i++) {
				String id = "t" + t + "-" + i;
				assertThat(adapter.socketRooms(id)).as(id).isEqualTo((i % 2 == 0) ? Set.of(id) : Set.of("shared", id));
			}
		}
	}

	private static final class NoSockets implements AdapterNamespace {

		@Override
		public String name() {
			return "/";
		}

		@Override
		public List<EnginePacket> encode(SocketPacket packet) {
			return List.of();
		}

		@Override
		public @Nullable AdapterSocket socket(String id) {
			return null;
		}

		@Override
		public Scheduler scheduler() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void onServerSideEmit(String event, List<?> args, @Nullable Consumer<List<Object>> reply) {
		}

	}

}
