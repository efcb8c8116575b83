package org.astronrpa.openapi.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import org.astronrpa.openapi.simulator.Main.Options;
import org.astronrpa.openapi.simulator.Main.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    @Test
    void defaults() throws Exception {
        Options o = Options.parse("--user", "42");

        assertFalse(o.help());
        assertEquals(URI.create("ws://127.0.0.1:8020/ws"), o.url());
        assertEquals("42", o.user());
        assertNull(o.key());
        assertEquals(Behaviour.echo(0), o.behaviour());
        assertEquals(1, o.robots());
        assertEquals(30, o.pingSeconds());
        assertEquals(10, o.reconnectSeconds());
    }

    @Test
    void everyOptionInBothSpellings() throws Exception {
        Options o = Options.parse("--url=wss://rpa.example.com/api/rpa-openapi/ws", "--key", "rpa_abc",
                "--behavior", "logs", "--delay-ms=250", "--robots", "3", "--ping-seconds", "5",
                "--reconnect-seconds=0");

        assertEquals(URI.create("wss://rpa.example.com/api/rpa-openapi/ws"), o.url());
        assertNull(o.user());
        assertEquals("rpa_abc", o.key());
        assertEquals(Behaviour.streamLogs(5, 250), o.behaviour());
        assertEquals(3, o.robots());
        assertEquals(5, o.pingSeconds());
        assertEquals(0, o.reconnectSeconds());
    }

    @Test
    void eachBehaviourName() throws Exception {
        List<Behaviour> expected = List.of(Behaviour.echo(9), Behaviour.errorCode("5001", "simulated failure"),
                Behaviour.errorString("simulated robot error"), Behaviour.jsonString(9), Behaviour.neverReply(),
                Behaviour.streamLogs(5, 9), Behaviour.ignoreStop(9), Behaviour.disconnectMidRun(1000, 9));
        for (int i = 0; i < Options.BEHAVIOURS.size(); i++) {
            String name = Options.BEHAVIOURS.get(i);
            assertEquals(expected.get(i), Options.parse("--user", "1", "--behaviour", name, "--delay-ms", "9").behaviour(),
                    name);
        }
    }

    @Test
    void helpWinsOverEverythingElse() throws Exception {
        assertTrue(Options.parse("--help").help());
        assertTrue(Options.parse("--robots", "2", "-h", "--bogus").help());
        assertTrue(Main.USAGE.contains("--behaviour"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                                        // neither --user nor --key
            "--user",                                  // no value
            "--user 42 --robots 0",
            "--user 42 --robots 1001",
            "--user 42 --robots x",
            "--user 42 --delay-ms -1",
            "--user 42 --ping-seconds 0",
            "--user 42 --bogus 1",
            "--user 42 --behaviour dance",
            "--user 42 --url http://127.0.0.1:8020/ws",
            "--user 42 --url ws:///ws",
            "--user 42 --url ws://bad^host/ws",
            "--user 42 extra",
            "--user 1 --user 2",
            "--user= ",
            "--user 42 --labels os=windows",             // labels of a robot without an id
            "--user 42 --name desk",
    })
    void badArgumentsAreOneLineUsageErrors(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");

        UsageException e = assertThrows(UsageException.class, () -> Options.parse(args));

        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void severalManagedRobotsEachGetTheirOwnId() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (TestWsServer server = new TestWsServer()) {
            List<SimulatedRobot> robots = Main.start(Options.parse("--url", server.uri().toString(), "--user", "42",
                    "--robots", "2", "--robot-id", "desk", "--name", "Desk", "--labels", "os=windows,site=paris"), http);
            try {
                java.util.Set<String> ids = new java.util.HashSet<>();
                for (int i = 0; i < 2; i++) {
                    TestWsServer.Connection c = server.awaitConnection(Duration.ofSeconds(5));
                    ids.add(c.header("X-Robot-Id"));
                    assertEquals("os=windows,site=paris", c.header("X-Robot-Labels"));
                    assertTrue(c.header("X-Robot-Name").startsWith("Desk "));
                }
                assertEquals(java.util.Set.of("desk-1", "desk-2"), ids);
            } finally {
                robots.forEach(SimulatedRobot::close);
            }
        } finally {
            http.shutdownNow();
        }
    }

    @Test
    void confirmStopsIsAFlagOfAManagedRobot() throws Exception {
        assertTrue(Options.parse("--user", "42", "--robot-id", "desk", "--confirm-stops").confirmStops());
        assertFalse(Options.parse("--user", "42", "--robot-id", "desk").confirmStops());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(Main.UsageException.class,
                () -> Options.parse("--user", "42", "--confirm-stops")).getMessage().contains("--robot-id"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(Main.UsageException.class,
                () -> Options.parse("--user", "42", "--robot-id", "d", "--confirm-stops=yes")).getMessage()
                .contains("no value"));
        HttpClient http = HttpClient.newHttpClient();
        try (TestWsServer server = new TestWsServer()) {
            List<SimulatedRobot> robots = Main.start(Options.parse("--url", server.uri().toString(), "--user", "42",
                    "--robot-id", "desk", "--confirm-stops"), http);
            try {
                assertEquals("stop-confirm", server.awaitConnection(Duration.ofSeconds(5))
                        .header("X-Robot-Capabilities"));
            } finally {
                robots.forEach(SimulatedRobot::close);
            }
        } finally {
            http.shutdownNow();
        }
    }

    @Test
    void startConnectsTheRequestedRobotsSharingOneClient() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (TestWsServer server = new TestWsServer()) {
            List<SimulatedRobot> robots = Main.start(
                    Options.parse("--url", server.uri().toString(), "--user", "42", "--robots", "2"), http);
            try {
                assertEquals(List.of("robot-1", "robot-2"), robots.stream().map(SimulatedRobot::name).toList());
                assertEquals("42", server.awaitConnection(Duration.ofSeconds(5)).header("user_id"));
                assertEquals("42", server.awaitConnection(Duration.ofSeconds(5)).header("user_id"));
            } finally {
                robots.forEach(SimulatedRobot::close);
            }
        } finally {
            http.shutdownNow();
        }
    }
}
