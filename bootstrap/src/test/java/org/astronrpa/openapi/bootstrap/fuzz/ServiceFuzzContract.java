package org.astronrpa.openapi.bootstrap.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.astronrpa.openapi.adapters.http.RestFuzzer;
import org.astronrpa.openapi.bootstrap.AppConfig;
import org.astronrpa.openapi.bootstrap.Launcher;

/**
 * The openapi.json fuzz test ({@link RestFuzzer}) against the whole service as production wires it, on the
 * database a subclass chooses: what the HTTP adapter's own fuzz test cannot see (SQL, collations, column sizes).
 * jqwik prints the seed of a failure; rerun it with {@code @Property(seed = "...")}.
 */
abstract class ServiceFuzzContract {
    /** Calls checked, after the random run, of each operation it did not reach. */
    private static final int SWEEP = 5;
    private Path dir;
    private Launcher launcher;
    private RestFuzzer fuzzer;

    /** The environment that selects the database under test (empty for embedded H2). */
    protected abstract Map<String, String> databaseEnvironment();

    @BeforeProperty
    void start() throws IOException {
        dir = Files.createTempDirectory("rpa-fuzz");
        Map<String, String> env = new HashMap<>(databaseEnvironment());
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("LOG_DIR", dir.resolve("logs").toString());
        env.put("SHUTDOWN_TIMEOUT_SECONDS", "1");
        launcher = new Launcher(AppConfig.load(dir, env)).start();
        fuzzer = new RestFuzzer(launcher.port());
    }

    @AfterProperty
    void stop() {
        try {
            fuzzer.sweepUnfuzzed(SWEEP);
        } finally {
            fuzzer.close();
            launcher.stop();
            System.out.println(getClass().getSimpleName() + " " + fuzzer.report());
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(fuzzer.unfuzzed().isEmpty(), "operations never fuzzed: " + fuzzer.unfuzzed());
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void everyAnswerIsBelow500EnvelopedAndAsDocumented(@ForAll("calls") RestFuzzer.Call call) {
        fuzzer.check(call);
    }

    @Provide
    Arbitrary<RestFuzzer.Call> calls() {
        return fuzzer.calls();
    }
}
