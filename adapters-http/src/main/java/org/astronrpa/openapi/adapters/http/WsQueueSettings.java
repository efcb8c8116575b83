package org.astronrpa.openapi.adapters.http;

/**
 * How much may wait to be sent on one WebSocket: a connection that would go past either bound does not read what
 * it is sent, and is closed (API.md §5).
 */
public record WsQueueSettings(int maxQueuedFrames, long maxQueuedBytes) {
    public static final WsQueueSettings DEFAULTS = new WsQueueSettings(1_000, 4L * 1024 * 1024);

    public WsQueueSettings {
        if (maxQueuedFrames < 1 || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("WebSocket queue limits must be positive");
        }
    }
}
