package org.astronrpa.openapi.adapters.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@link RestFuzzer} against the HTTP adapter over in-memory adapters. jqwik draws a new seed each run and prints it
 * with a failure ({@code seed = ...}); rerun that case with {@code @Property(seed = "...")}. Failed seeds are kept in
 * {@code target/jqwik-database} and tried first.
 */
class OpenApiFuzzHttpTest {
    /** Calls checked, after the random run, of each operation it did not reach. */
    private static final int SWEEP = 5;
    private static TestApi api;
    private static RestFuzzer fuzzer;

    @BeforeContainer
    static void start() {
        api = new TestApi();
        fuzzer = new RestFuzzer(api.uri("/").getPort());
    }

    @AfterContainer
    static void stop() {
        try {
            fuzzer.sweepUnfuzzed(SWEEP);
        } finally {
            fuzzer.close();
            api.close();
        }
        System.out.println(fuzzer.report());
        assertTrue(fuzzer.unfuzzed().isEmpty(), "operations never fuzzed: " + fuzzer.unfuzzed());
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void everyAnswerIsBelow500EnvelopedAndAsDocumented(@ForAll("calls") RestFuzzer.Call call) {
        fuzzer.check(call);
    }

    @Provide
    Arbitrary<RestFuzzer.Call> calls() {
        return fuzzer.calls();
    }
}
