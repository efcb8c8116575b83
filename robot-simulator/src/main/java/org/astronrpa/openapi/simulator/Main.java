package org.astronrpa.openapi.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: starts N simulated robots of one user and runs until Ctrl-C. Each run and each reply is
 * logged on one line.
 */
public final class Main {
    static final String DEFAULT_URL = "ws://127.0.0.1:8020/ws";
    static final int MAX_ROBOTS = 1000;

    static final String USAGE = """
            Usage: java -jar robot-simulator/target/robot-simulator.jar [options]

            Connects simulated astron-rpa desktop robots to the service's /ws and answers the executions it
            hands them with a scripted behaviour. Runs until Ctrl-C.

              --url URL              robot WebSocket of the service (default %s)
              --user ID              user id, sent as the gateway's user_id header
              --key KEY              API key, sent as Authorization: Bearer (--user and/or --key is required)
              --behaviour NAME       what each run does (default echo):
                                       echo          reply success after --delay-ms, data {"echo": params, "project_id"}
                                       error         reply {"code": "5001", "msg": "simulated failure", "data": null}
                                       error-string  reply the plain string "simulated robot error"
                                       json-string   like echo, the success object sent as a JSON string
                                       never         never reply (a stop ends the run)
                                       logs          5 log lines, one every --delay-ms, then success
                                       ignore-stop   like echo, but stops are ignored
                                       disconnect    drop the connection on each run, reconnect after 1 s,
                                                     reply on the new connection after --delay-ms
              --delay-ms N           delay used by the behaviour, in milliseconds (default 0)
              --robots N             how many robots of that user to connect, 1..%d (default 1)
              --ping-seconds N       ping interval (default 30, as the desktop client)
              --reconnect-seconds N  delay before reconnecting after a drop (default 10, as the desktop client)
              --robot-id ID          connect as the managed robot ID (with --robots N: ID-1 … ID-N); unnamed otherwise,
                                     as the astron-rpa client
              --name NAME            the managed robot's name (default its id)
              --labels K=V,…         the managed robot's labels when first seen, e.g. os=windows,site=paris
              --confirm-stops        the managed robot confirms stops (capability stop-confirm): a stopped run is
                                     followed by an execution/stopped frame (needs --robot-id)
              -h, --help             this text

            Example: java -jar robot-simulator/target/robot-simulator.jar --user 42 --behaviour echo --delay-ms 500
            """.formatted(DEFAULT_URL, MAX_ROBOTS);

    private Main() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            System.err.println("robot-simulator: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            // a name of our own, so the library never brings a logback.xml onto a test classpath
            System.setProperty("logback.configurationFile", "robot-simulator-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<SimulatedRobot> robots = start(options, http);
        log.info("{} robot(s) of {} connecting to {}, behaviour {}", robots.size(), options.identity(),
                options.url(), options.behaviour());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            robots.forEach(SimulatedRobot::close);
            http.shutdownNow();
            stopped.countDown();
        }, "robot-simulator-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds and starts the robots the options ask for, sharing {@code http}. */
    static List<SimulatedRobot> start(Options options, HttpClient http) {
        List<SimulatedRobot> robots = new ArrayList<>();
        for (int i = 1; i <= options.robots(); i++) {
            SimulatedRobot.Builder builder = SimulatedRobot.builder(options.url())
                    .name(options.robots() == 1 ? "robot" : "robot-" + i)
                    .behaviour(options.behaviour())
                    .pingInterval(Duration.ofSeconds(options.pingSeconds()))
                    .reconnectDelay(Duration.ofSeconds(options.reconnectSeconds()))
                    .frameLogLimit(100)
                    .httpClient(http);
            if (options.user() != null) {
                builder.userId(options.user());
            }
            if (options.key() != null) {
                builder.apiKey(options.key());
            }
            if (options.robotId() != null) {
                // several robots of one id would replace each other: each gets its own
                builder.robotId(options.robots() == 1 ? options.robotId() : options.robotId() + "-" + i);
                if (options.robotName() != null) {
                    builder.robotName(options.robots() == 1 ? options.robotName() : options.robotName() + " " + i);
                }
                if (options.labels() != null) {
                    builder.header("X-Robot-Labels", options.labels());
                }
                builder.confirmStops(options.confirmStops());
            }
            robots.add(builder.start());
        }
        return robots;
    }

    /** A bad command line; the message is one line. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    record Options(boolean help, URI url, String user, String key, String behaviourName, long delayMs, int robots,
                   int pingSeconds, int reconnectSeconds, String robotId, String robotName, String labels,
                   boolean confirmStops) {

        Options(boolean help, URI url, String user, String key, String behaviourName, long delayMs, int robots,
                int pingSeconds, int reconnectSeconds, String robotId, String robotName, String labels) {
            this(help, url, user, key, behaviourName, delayMs, robots, pingSeconds, reconnectSeconds, robotId,
                    robotName, labels, false);
        }

        Options(boolean help, URI url, String user, String key, String behaviourName, long delayMs, int robots,
                int pingSeconds, int reconnectSeconds) {
            this(help, url, user, key, behaviourName, delayMs, robots, pingSeconds, reconnectSeconds, null, null, null);
        }

        static final List<String> BEHAVIOURS = List.of("echo", "error", "error-string", "json-string", "never",
                "logs", "ignore-stop", "disconnect");

        static Options parse(String... args) throws UsageException {
            URI url = URI.create(DEFAULT_URL);
            String user = null;
            String key = null;
            String behaviour = "echo";
            long delayMs = 0;
            int robots = 1;
            int pingSeconds = 30;
            int reconnectSeconds = 10;
            String robotId = null;
            String robotName = null;
            String labels = null;
            boolean confirmStops = false;
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    return new Options(true, url, null, null, behaviour, 0, 1, pingSeconds, reconnectSeconds);
                }
                if (!arg.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (name.equals("--behavior")) {
                    name = "--behaviour";
                }
                if (name.equals("--confirm-stops")) {
                    if (value != null) {
                        throw new UsageException("--confirm-stops takes no value");
                    }
                    confirmStops = true;
                    continue;
                }
                if (!List.of("--url", "--user", "--key", "--behaviour", "--delay-ms", "--robots", "--ping-seconds",
                        "--reconnect-seconds", "--robot-id", "--name", "--labels").contains(name)) {
                    throw new UsageException("unknown option '" + name + "'");
                }
                if (!seen.add(name)) {
                    throw new UsageException(name + " given twice");
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--url" -> url = url(value);
                    case "--user" -> user = notBlank(name, value);
                    case "--key" -> key = notBlank(name, value);
                    case "--behaviour" -> behaviour = behaviourName(value);
                    case "--delay-ms" -> delayMs = number(name, value, 0, 86_400_000L);
                    case "--robots" -> robots = (int) number(name, value, 1, MAX_ROBOTS);
                    case "--ping-seconds" -> pingSeconds = (int) number(name, value, 1, 86_400);
                    case "--reconnect-seconds" -> reconnectSeconds = (int) number(name, value, 0, 86_400);
                    case "--robot-id" -> robotId = notBlank(name, value);
                    case "--name" -> robotName = notBlank(name, value);
                    case "--labels" -> labels = notBlank(name, value);
                    default -> throw new IllegalStateException(name);
                }
            }
            if (user == null && key == null) {
                throw new UsageException("give --user ID or --key KEY (how the robot authenticates)");
            }
            if (robotId == null && (robotName != null || labels != null || confirmStops)) {
                throw new UsageException("--name, --labels and --confirm-stops describe a managed robot: give "
                        + "--robot-id too");
            }
            return new Options(false, url, user, key, behaviour, delayMs, robots, pingSeconds, reconnectSeconds, robotId,
                    robotName, labels, confirmStops);
        }

        /** The behaviour the name and delay stand for. */
        Behaviour behaviour() {
            return switch (behaviourName) {
                case "echo" -> Behaviour.echo(delayMs);
                case "error" -> Behaviour.errorCode("5001", "simulated failure");
                case "error-string" -> Behaviour.errorString("simulated robot error");
                case "json-string" -> Behaviour.jsonString(delayMs);
                case "never" -> Behaviour.neverReply();
                case "logs" -> Behaviour.streamLogs(5, delayMs);
                case "ignore-stop" -> Behaviour.ignoreStop(delayMs);
                case "disconnect" -> Behaviour.disconnectMidRun(1000, delayMs);
                default -> throw new IllegalStateException(behaviourName);
            };
        }

        String identity() {
            return user != null ? "user " + user : "the API key's user";
        }

        private static URI url(String value) throws UsageException {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new UsageException("--url is not a URL: " + value);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
                throw new UsageException("--url must look like ws://host:port/ws, not " + value);
            }
            return uri;
        }

        private static String behaviourName(String value) throws UsageException {
            if (!BEHAVIOURS.contains(value)) {
                throw new UsageException("unknown --behaviour '" + value + "', one of " + String.join("|", BEHAVIOURS));
            }
            return value;
        }

        private static String notBlank(String name, String value) throws UsageException {
            if (value.isBlank()) {
                throw new UsageException(name + " must not be empty");
            }
            return value;
        }

        private static long number(String name, String value, long min, long max) throws UsageException {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " needs a whole number, not '" + value + "'");
            }
            if (n < min || n > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        }
    }
}
