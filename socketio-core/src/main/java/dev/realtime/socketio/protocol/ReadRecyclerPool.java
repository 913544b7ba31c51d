package dev.realtime.socketio.protocol;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.util.RecyclerPool;

/**
 * Where the decoder's JSON parsers take their buffers: one recycler per I/O thread
 * (Jackson's thread-local pool), so that reading a packet touches no queue shared with
 * the threads that encode (the shared pool's deque costs two contended atomic operations
 * per packet). On a virtual thread (Java 21 and later), which would get a recycler of its
 * own every time, the shared pool.
 */
final class ReadRecyclerPool implements RecyclerPool<BufferRecycler> {

	private static final long serialVersionUID = 1L;

	static final ReadRecyclerPool INSTANCE = new ReadRecyclerPool();

	/** {@code Thread.isVirtual()}, or {@code null} before Java 21. */
	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private ReadRecyclerPool() {
	}

	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	private static RecyclerPool<BufferRecycler> pool() {
		MethodHandle isVirtual = IS_VIRTUAL;
		if (isVirtual != null) {
			try {
				if ((boolean) isVirtual.invokeExact(Thread.currentThread())) {
					return JsonRecyclerPools.sharedConcurrentDequePool();
				}
			}
			catch (Throwable ex) {
				return JsonRecyclerPools.sharedConcurrentDequePool();
			}
		}
		return JsonRecyclerPools.threadLocalPool();
	}

	@Override
	public BufferRecycler acquirePooled() {
		return pool().acquirePooled();
	}

	@Override
	public BufferRecycler acquireAndLinkPooled() {
		return pool().acquireAndLinkPooled();
	}

	@Override
	public void releasePooled(BufferRecycler recycler) {
		pool().releasePooled(recycler);
	}

}
