package org.astronrpa.openapi.adapters.redis;

/**
 * The value kept per robot connection in {@code conns:<instance>}, one field a line: owner, the execution it was
 * handed (empty when idle), when it connected (epoch ms) and where from.
 */
record ConnectionEntry(String owner, String running, long connectedAtMillis, String remoteAddress, String robotId) {

    ConnectionEntry withRunning(String execution) {
        return new ConnectionEntry(owner, execution, connectedAtMillis, remoteAddress, robotId);
    }

    String encode() {
        return owner + "\n" + (running == null ? "" : running) + "\n" + connectedAtMillis + "\n"
                + (remoteAddress == null ? "" : remoteAddress.replace('\n', ' ')) + "\n"
                + (robotId == null ? "" : robotId);
    }

    static ConnectionEntry parse(String value) {
        String[] lines = value.split("\n", -1);
        String running = lines.length > 1 && !lines[1].isEmpty() ? lines[1] : null;
        long connectedAt = 0;
        if (lines.length > 2) {
            try {
                connectedAt = Long.parseLong(lines[2]);
            } catch (NumberFormatException ignored) {
                // written by another version: unknown
            }
        }
        String remote = lines.length > 3 && !lines[3].isEmpty() ? lines[3] : null;
        // an entry written before managed robots has no fifth line: an unnamed robot
        String robotId = lines.length > 4 && !lines[4].isEmpty() ? lines[4] : null;
        return new ConnectionEntry(lines[0], running, connectedAt, remote, robotId);
    }
}
