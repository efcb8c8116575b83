package org.astronrpa.openapi.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorsTest {
    private static final UserId ALICE = new UserId("alice");
    /** A clock that moves only when told. */
    private static final class Clock implements TimeSource {
        private Instant now = Instant.parse("2026-12-06T10:00:00.250Z");

        @Override
        public Instant now() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private final Clock clock = new Clock();
    private final Cursors cursors = new Cursors("a shared secret of 32 bytes.....".getBytes(StandardCharsets.UTF_8),
            clock);
    private final Position position = new Position(Instant.parse("2026-11-30T08:15:00.123Z"),
            "6f1d2c3b-0000-4000-8000-00000000abcd");

    private static void refused(Runnable decode, String says) {
        InvalidInput refused = assertThrows(InvalidInput.class, decode::run);
        assertEquals("cursor", refused.errors().get(0).field());
        assertTrue(refused.getMessage().contains(says) || refused.errors().get(0).message().contains(says),
                refused.errors().toString());
    }

    @Test
    void aCursorNamesItsPositionForItsOwnerAndListAndIsShort() {
        String cursor = cursors.encode(ALICE, "executions", position);
        assertEquals(position, cursors.decode(ALICE, "executions", cursor));
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "safe in a query string as it is: " + cursor);
        assertTrue(cursor.length() < 100, cursor);
    }

    @Test
    void anotherUserAnotherListAChangedByteOrAnotherSecretIsRefused() {
        String cursor = cursors.encode(ALICE, "executions", position);
        refused(() -> cursors.decode(new UserId("bob"), "executions", cursor), "not a cursor");
        refused(() -> cursors.decode(ALICE, "workflows", cursor), "not a cursor");
        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 0x01;
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
            refused(() -> cursors.decode(ALICE, "executions", forged), "not a cursor");
        }
        Cursors elsewhere = new Cursors("another secret of 32 bytes......".getBytes(StandardCharsets.UTF_8), clock);
        refused(() -> elsewhere.decode(ALICE, "executions", cursor), "not a cursor");
        char last = cursor.charAt(cursor.length() - 1);
        String unusedBitsSet = cursor.substring(0, cursor.length() - 1) + (char) (last + 1);
        for (String junk : new String[] {"", " ", "abc", "!!!!", "x".repeat(201), cursor + "AA", cursor.substring(4),
                cursor + "==", " " + cursor, unusedBitsSet}) {
            refused(() -> cursors.decode(ALICE, "executions", junk), "not a cursor");
        }
    }

    @Test
    void aCursorExpiresAfterItsLifetime() {
        String cursor = cursors.encode(ALICE, "executions", position);
        clock.advance(Cursors.LIFETIME.minusSeconds(1));
        assertEquals(position, cursors.decode(ALICE, "executions", cursor), "good for the whole day");
        clock.advance(Duration.ofSeconds(2));
        refused(() -> cursors.decode(ALICE, "executions", cursor), "expired");
    }
}
