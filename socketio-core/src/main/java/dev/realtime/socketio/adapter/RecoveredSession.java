package dev.realtime.socketio.adapter;

import java.util.List;

import dev.realtime.socketio.protocol.SocketPacket;

/**
 * A session that connection state recovery gives back: the persisted state and the
 * packets the client missed, in order.
 */
public record RecoveredSession(PersistedSession session, List<SocketPacket> missedPackets) {

	public RecoveredSession {
		missedPackets = List.copyOf(missedPackets);
	}
}
