package org.astronrpa.openapi.bootstrap;

import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;

/**
 * UUIDs of version 7 (RFC 9562): the creation time's milliseconds first, then 74 random bits. Their text sorts by
 * creation time, so a new execution's row lands at the end of the primary key (the clustered index on MySQL/MariaDB)
 * instead of on a random page of a history far larger than the database's memory; the random bits keep them
 * unguessable. Ids made in the same millisecond are not ordered among themselves (nothing relies on it).
 */
final class TimeOrderedIds implements IdGenerator {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final TimeSource time;
    private final Consumer<byte[]> random;

    /** @param random fills a buffer with random bytes (a SecureRandom's nextBytes in production) */
    TimeOrderedIds(TimeSource time, Consumer<byte[]> random) {
        this.time = time;
        this.random = random;
    }

    @Override
    public String newId() {
        byte[] bytes = new byte[16];
        random.accept(bytes);
        long millis = time.now().toEpochMilli();
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (millis >>> (40 - 8 * i));
        }
        bytes[6] = (byte) (0x70 | (bytes[6] & 0x0f));   // version 7
        bytes[8] = (byte) (0x80 | (bytes[8] & 0x3f));   // variant 10
        StringBuilder text = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                text.append('-');
            }
            text.append(HEX[(bytes[i] >> 4) & 0x0f]).append(HEX[bytes[i] & 0x0f]);
        }
        return text.toString();
    }
}
