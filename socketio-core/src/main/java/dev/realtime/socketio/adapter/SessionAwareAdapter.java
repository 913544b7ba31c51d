package dev.realtime.socketio.adapter;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory adapter with connection state recovery: every event broadcast without an
 * acknowledgement and not volatile gets an offset (its last argument) and is kept for
 * {@code maxDisconnectionDuration}; sessions of sockets that dropped for a recoverable
 * reason are kept as long, so a reconnecting client gets its id, rooms, data and missed
 * events back.
 */
public class SessionAwareAdapter extends InMemoryAdapter {

	private final long maxDisconnectionMillis;

	private final Scheduler scheduler;

	private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();

	private final ArrayDeque<StoredPacket> packets = new ArrayDeque<>();

	private final AtomicLong sequence = new AtomicLong();

	private final String offsetPrefix = Long.toString(System.currentTimeMillis(), 36) + "-";

	private Scheduler.@Nullable Cancellable cleanup;

	private volatile boolean closed;

	public SessionAwareAdapter(AdapterNamespace namespace, Duration maxDisconnectionDuration) {
		super(namespace);
		this.maxDisconnectionMillis = maxDisconnectionDuration.toMillis();
		this.scheduler = namespace.scheduler();
		scheduleCleanup();
	}

	private record StoredSession(PersistedSession session, long disconnectedAt) {
	}

	private record StoredPacket(String offset, long emittedAt, SocketPacket packet, BroadcastOptions options) {
	}

	private void scheduleCleanup() {
		if (!closed) {
			cleanup = scheduler.schedule(() -> {
				removeExpired();
				scheduleCleanup();
			}, Math.max(1000, maxDisconnectionMillis));
		}
	}

	/** Drops sessions and packets older than the recovery window. */
	void removeExpired() {
		long threshold = scheduler.nowMillis() - maxDisconnectionMillis;
		sessions.values().removeIf((stored) -> stored.disconnectedAt() < threshold);
		synchronized (packets) {
			while (!packets.isEmpty() && packets.peekFirst().emittedAt() < threshold) {
				packets.pollFirst();
			}
		}
	}

	@Override
	public void broadcast(SocketPacket packet, BroadcastOptions options) {
		boolean storable = packet.type() == PacketType.EVENT && !packet.hasAckId() && !options.volatilePacket()
				&& packet.data() instanceof List;
		if (!storable) {
			super.broadcast(packet, options);
			return;
		}
		String offset = offsetPrefix + Long.toString(sequence.incrementAndGet(), 36);
		List<Object> data = new ArrayList<>((List<?>) packet.data());
		data.add(offset);
		SocketPacket withOffset = new SocketPacket(packet.type(), packet.namespace(), packet.ackId(),
				List.copyOf(data));
		synchronized (packets) {
			packets.addLast(new StoredPacket(offset, scheduler.nowMillis(), withOffset, options));
		}
		super.broadcast(withOffset, options);
	}

	@Override
	public void persistSession(PersistedSession session) {
		sessions.put(session.pid(), new StoredSession(session, scheduler.nowMillis()));
	}

	@Override
	public CompletableFuture<@Nullable RecoveredSession> restoreSession(String pid, String offset) {
		StoredSession stored = sessions.remove(pid);
		if (stored == null || stored.disconnectedAt() < scheduler.nowMillis() - maxDisconnectionMillis) {
			return CompletableFuture.completedFuture(null);
		}
		List<SocketPacket> missed = new ArrayList<>();
		boolean found = false;
		synchronized (packets) {
			Iterator<StoredPacket> iterator = packets.iterator();
			while (iterator.hasNext()) {
				StoredPacket candidate = iterator.next();
				if (found) {
					if (shouldInclude(stored.session(), candidate.options())) {
						missed.add(candidate.packet());
					}
				}
				else if (candidate.offset().equals(offset)) {
					found = true;
				}
			}
		}
		if (!found) {
			return CompletableFuture.completedFuture(null);
		}
		return CompletableFuture.completedFuture(new RecoveredSession(stored.session(), missed));
	}

	private static boolean shouldInclude(PersistedSession session, BroadcastOptions options) {
		return options.targets(session.rooms()) && !options.excludes(session.rooms());
	}

	@Override
	public void close() {
		closed = true;
		if (cleanup != null) {
			cleanup.cancel();
		}
	}

}
