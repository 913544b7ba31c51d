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
