package org.astronrpa.openapi.domain.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class RobotTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static String fieldOf(InvalidInput e) {
        return e.errors().get(0).field();
    }

    private static RobotIdentity identity(String id, Map<String, String> labels) {
        return new RobotIdentity(new RobotId(id), "Desk " + id, "DESK-" + id, "rpa-robot-simulator", "1.0",
                List.of("python", "browser"), new RobotLabels(labels));
    }

    @Test
    void anIdIsAsciiLettersDigitsAndAFewMarksUpTo64() {
        assertEquals("desk-7.lyon:2_b", new RobotId("desk-7.lyon:2_b").value());
        assertEquals("D1", new RobotId("D1").value(), "case is kept");
        for (String bad : new String[] {"", "-desk", "desk 7", "déjà", "a/b", "x".repeat(65)}) {
            InvalidInput e = assertThrows(InvalidInput.class, () -> new RobotId(bad), bad);
            assertEquals("robot_id", fieldOf(e));
        }
        assertThrows(InvalidInput.class, () -> new RobotId(null));
        assertEquals("target.robot_id", fieldOf(assertThrows(InvalidInput.class,
                () -> RobotId.of("target.robot_id", "a b"))));
    }

    @Test
    void labelsAreBoundedAndARefusalNamesTheLabel() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("site", "lyon");
        raw.put("os", "windows");
        RobotLabels labels = RobotLabels.of("labels", raw);
        assertEquals(List.of("os", "site"), List.copyOf(labels.values().keySet()), "sorted");
        assertEquals(labels, new RobotLabels(Map.of("os", "windows", "site", "lyon")));

        assertEquals("labels.OS", fieldOf(assertThrows(InvalidInput.class,
                () -> RobotLabels.of("labels", Map.of("OS", "windows")))), "no upper-case keys");
        assertEquals("labels.os", fieldOf(assertThrows(InvalidInput.class,
                () -> RobotLabels.of("labels", Map.of("os", "win dows")))));
        assertEquals("labels.os", fieldOf(assertThrows(InvalidInput.class,
                () -> RobotLabels.of("labels", Map.of("os", "")))));
        assertEquals("target.labels.os", fieldOf(assertThrows(InvalidInput.class,
                () -> RobotLabels.of("target.labels", Map.of("os", "w".repeat(64))))));
        String longKey = "k".repeat(64);
        assertEquals("labels." + longKey, fieldOf(assertThrows(InvalidInput.class,
                () -> RobotLabels.of("labels", Map.of(longKey, "v")))));
        assertEquals("labels.-os", fieldOf(assertThrows(InvalidInput.class,
                () -> RobotLabels.of("labels", Map.of("-os", "v")))));
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= RobotLabels.MAX_LABELS; i++) {
            many.put("k" + i, "v");
        }
        assertEquals("labels", fieldOf(assertThrows(InvalidInput.class, () -> RobotLabels.of("labels", many))));
        many.remove("k0");
        assertEquals(RobotLabels.MAX_LABELS, RobotLabels.of("labels", many).values().size(), "the limit itself is fine");
        assertTrue(RobotLabels.of("labels", Map.of("team/area", "a.b_c-D")).values().containsKey("team/area"));
    }

    @Test
    void aSelectorMatchesLabelsThatHoldEveryOneOfItsPairs() {
        RobotLabels labels = new RobotLabels(Map.of("os", "windows", "site", "lyon", "tier", "gold"));
        assertTrue(labels.matches(new RobotLabels(Map.of("os", "windows"))));
        assertTrue(labels.matches(new RobotLabels(Map.of("os", "windows", "site", "lyon"))));
        assertFalse(labels.matches(new RobotLabels(Map.of("os", "windows", "site", "paris"))));
        assertFalse(labels.matches(new RobotLabels(Map.of("gpu", "yes"))));
        assertFalse(labels.matches(new RobotLabels(Map.of("os", "Windows"))), "values are compared exactly");
        assertTrue(labels.matches(RobotLabels.NONE));
    }

    @Test
    void anIdentityChecksWhatTheRobotReports() {
        RobotIdentity bare = new RobotIdentity(new RobotId("d1"), null, null, null, null, null, null);
        assertEquals("d1", bare.name(), "named after its id");
        assertEquals("unknown", bare.clientKind());
        assertEquals(List.of(), bare.capabilities());
        assertEquals(RobotLabels.NONE, bare.labels());
        assertEquals(List.of("a", "b"), new RobotIdentity(new RobotId("d1"), "n", null, "c", null,
                List.of("a", "b", "a"), null).capabilities(), "once each");
        assertEquals("capabilities[1]", fieldOf(assertThrows(InvalidInput.class, () -> new RobotIdentity(
                new RobotId("d1"), "n", null, "c", null, List.of("ok", "not ok"), null))));
        assertEquals("name", fieldOf(assertThrows(InvalidInput.class, () -> new RobotIdentity(
                new RobotId("d1"), "a\nb", null, "c", null, null, null))));
        assertEquals("machine", fieldOf(assertThrows(InvalidInput.class, () -> new RobotIdentity(
                new RobotId("d1"), "n", "m".repeat(256), "c", null, null, null))));
        assertEquals("robot_id", fieldOf(assertThrows(InvalidInput.class, () -> new RobotIdentity(
                null, "n", null, "c", null, null, null))));
    }

    @Test
    void aReconnectRefreshesWhatTheRobotReportsButKeepsWhatItsOwnerSet() {
        Robot first = Robot.newlySeen(ALICE, identity("d1", Map.of("os", "windows")), T0);
        assertEquals(1, first.revision());
        assertEquals(T0, first.firstSeen());
        assertEquals("Desk d1", first.name());
        Robot renamed = first.apply(new RobotChanges("Front desk", new RobotLabels(Map.of("site", "lyon")), true));
        assertEquals(2, renamed.revision());

        RobotIdentity upgraded = new RobotIdentity(new RobotId("d1"), "Other name", "NEW-HOST", "astron-rpa", "2.0",
                List.of("ocr"), new RobotLabels(Map.of("os", "linux")));
        Robot again = renamed.seenAgain(upgraded, T0.plusSeconds(60));
        assertEquals("Front desk", again.name());
        assertEquals(new RobotLabels(Map.of("site", "lyon")), again.labels());
        assertTrue(again.draining());
        assertEquals("NEW-HOST", again.machine());
        assertEquals("astron-rpa", again.clientKind());
        assertEquals("2.0", again.clientVersion());
        assertEquals(List.of("ocr"), again.capabilities());
        assertEquals(T0, again.firstSeen());
        assertEquals(T0.plusSeconds(60), again.lastSeen());
        assertEquals(3, again.revision());
        assertEquals(T0.plusSeconds(60), again.seen(T0).lastSeen(), "last seen never goes back");
    }

    @Test
    void aChangeChangesSomething() {
        assertEquals("body", fieldOf(assertThrows(InvalidInput.class, () -> new RobotChanges(null, null, null))));
        assertEquals("name", fieldOf(assertThrows(InvalidInput.class, () -> new RobotChanges(" ", null, null))));
        Robot r = Robot.newlySeen(ALICE, identity("d1", Map.of("os", "windows")), T0);
        assertEquals(new RobotLabels(Map.of("os", "windows")), r.apply(new RobotChanges(null, null, true)).labels());
        assertEquals(RobotLabels.NONE, r.apply(new RobotChanges(null, RobotLabels.NONE, null)).labels());
    }

    @Test
    void aTargetNamesOneRobotOrASelectorAndADrainingRobotTakesNothing() {
        Robot windows = Robot.newlySeen(ALICE, identity("d1", Map.of("os", "windows", "site", "lyon")), T0);
        Robot linux = Robot.newlySeen(ALICE, identity("d2", Map.of("os", "linux")), T0);
        RobotTarget toD1 = RobotTarget.robot(new RobotId("d1"));
        RobotTarget onWindows = RobotTarget.labels(new RobotLabels(Map.of("os", "windows")));
        assertTrue(toD1.matches(windows));
        assertFalse(toD1.matches(linux));
        assertTrue(onWindows.matches(windows));
        assertFalse(onWindows.matches(linux));
        assertTrue(RobotTarget.ANY.matches(linux));
        assertTrue(RobotTarget.ANY.matches(null), "an unnamed connection takes untargeted work");
        assertFalse(toD1.matches(null));
        assertFalse(onWindows.matches(null));
        assertTrue(windows.mayTake(onWindows));
        assertFalse(windows.apply(new RobotChanges(null, null, true)).mayTake(onWindows));
        assertFalse(windows.apply(new RobotChanges(null, null, true)).mayTake(RobotTarget.ANY));
        assertEquals("target", fieldOf(assertThrows(InvalidInput.class,
                () -> new RobotTarget(new RobotId("d1"), new RobotLabels(Map.of("os", "linux"))))));
        assertEquals("target.labels", fieldOf(assertThrows(InvalidInput.class,
                () -> RobotTarget.labels(RobotLabels.NONE))));
    }

    @Test
    void theStatusSaysConnectedBusyDrainingOrOffline() {
        assertEquals(RobotStatus.OFFLINE, RobotStatus.of(false, false, false));
        assertEquals(RobotStatus.OFFLINE, RobotStatus.of(false, false, true));
        assertEquals(RobotStatus.ONLINE, RobotStatus.of(true, false, false));
        assertEquals(RobotStatus.BUSY, RobotStatus.of(true, true, false));
        assertEquals(RobotStatus.DRAINING, RobotStatus.of(true, true, true));
        assertEquals(RobotStatus.DRAINING, RobotStatus.of(true, false, true));
    }

    @Test
    void aTargetHasOneKeyWhateverTheOrderOfItsLabelsAndIsReadBackFromIt() {
        RobotTarget one = RobotTarget.labels(RobotLabels.of("target.labels",
                new java.util.LinkedHashMap<>(java.util.Map.of("site", "paris", "os", "windows"))));
        java.util.Map<String, String> reversed = new java.util.LinkedHashMap<>();
        reversed.put("os", "windows");
        reversed.put("site", "paris");
        RobotTarget other = RobotTarget.labels(RobotLabels.of("target.labels", reversed));
        assertEquals("labels:os=windows,site=paris", one.key());
        assertEquals(one.key(), other.key());
        assertEquals(one, RobotTarget.ofKey(one.key()));
        assertEquals("robot:desk-1", RobotTarget.robot(new RobotId("desk-1")).key());
        assertEquals(RobotTarget.robot(new RobotId("desk-1")), RobotTarget.ofKey("robot:desk-1"));
        assertEquals("", RobotTarget.ANY.key());
        assertEquals(RobotTarget.ANY, RobotTarget.ofKey(""));
        assertEquals(RobotTarget.ANY, RobotTarget.ofKey(null));
    }

    @Test
    void aSelectorHoldsAtMostFivePairsAndItsLongestKeyFitsTheColumn() {
        java.util.Map<String, String> six = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            six.put("k" + i, "v");
        }
        var refused = org.junit.jupiter.api.Assertions.assertThrows(InvalidInput.class,
                () -> RobotTarget.labels(RobotLabels.of("target.labels", six)));
        assertEquals("target.labels", refused.errors().get(0).field());
        java.util.Map<String, String> longest = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            longest.put(("k" + i).repeat(32).substring(0, 63), "v".repeat(63));
        }
        assertTrue(RobotTarget.labels(RobotLabels.of("target.labels", longest)).key().length() <= 700);
    }
}
