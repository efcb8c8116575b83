package org.astronrpa.openapi.domain.integration;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What this service says of upstream astron-rpa's integration contract 1 to its clients ({@code
 * astron_integration_get}, {@code GET /workflows/integration}): which of the contract's operations it serves, and the
 * state of the caller's robots. It claims only what it does: an operation is listed once it is served, idempotency is
 * durable once contract starts keep their keys for good — upstream's n8n node refuses to start workflows until both
 * hold, which is the truth until then.
 *
 * @param operations         the contract's operations served now, of {@link #ALL_OPERATIONS}
 * @param durableIdempotency whether a contract start's idempotency key is kept for good
 * @param capabilityClasses  the workflow capability classes admitted
 * @param client             the caller's robots, as the contract's "client"
 * @param limitations        what this service does otherwise than upstream
 */
public record Integration(String serviceVersion, List<String> operations, boolean durableIdempotency,
                          List<String> capabilityClasses, JsonLimits jsonLimits, Client client,
                          List<String> limitations) {
    public static final int CONTRACT_VERSION = 1;
    public static final int PROFILE_SCHEMA_VERSION = 1;
    public static final int CLIENT_PROTOCOL = 1;
    /** Every operation of contract 1. */
    public static final List<String> ALL_OPERATIONS = List.of("workflow_list", "workflow_get", "workflow_execute",
            "execution_get", "execution_cancel");
    /** The operations served without the contract's JSON adapter: reading and cancelling executions. */
    static final List<String> READS_ONLY = List.of("execution_get", "execution_cancel");
    /** Where this service differs from upstream by design. */
    static final List<String> LIMITATIONS = List.of("durable-queue", "several-instances",
            "secret-inputs-suppress-results", "json-data-only");

    public Integration {
        Objects.requireNonNull(serviceVersion, "serviceVersion");
        Objects.requireNonNull(client, "client");
        operations = List.copyOf(operations);
        capabilityClasses = List.copyOf(capabilityClasses);
        limitations = List.copyOf(limitations);
        if (!ALL_OPERATIONS.containsAll(operations)) {
            throw new IllegalArgumentException("not an operation of contract 1: " + operations);
        }
    }

    /**
     * The contract as served now, for a caller with {@code connected} robots connected, {@code confirmingStops} of
     * them confirming stops.
     */
    public static Integration served(String serviceVersion, int connected, int confirmingStops) {
        return served(serviceVersion, connected, confirmingStops, true);
    }

    /**
     * @param starts whether contract starts are served (the service has the contract's JSON adapter): all five
     *               operations, durable idempotency, the json-data class and its limits; otherwise only the reads
     */
    public static Integration served(String serviceVersion, int connected, int confirmingStops, boolean starts) {
        Client client = Client.of(connected, confirmingStops);
        return starts
                ? new Integration(serviceVersion, ALL_OPERATIONS, true,
                CapabilityClass.SERVED.stream().map(CapabilityClass::wire).toList(), JsonLimits.CONTRACT, client,
                LIMITATIONS)
                : new Integration(serviceVersion, READS_ONLY, false, List.of(), null, client, LIMITATIONS);
    }

    /** The caller's robots as one contract "client". */
    public record Client(State state, Integer protocol, boolean supportsCancel) {
        public Client {
            Objects.requireNonNull(state, "state");
        }

        /**
         * {@code ready} when a robot of the caller is connected and confirms stops (the contract's managed client);
         * {@code unsupported} when robots are connected but none confirms stops (they run what they are sent, and
         * cannot confirm a cancel); {@code offline} when none is connected (starts then wait in the queue).
         */
        static Client of(int connected, int confirmingStops) {
            if (connected < 0 || confirmingStops < 0 || confirmingStops > connected) {
                throw new IllegalArgumentException("robots connected " + connected + ", confirming " + confirmingStops);
            }
            if (confirmingStops > 0) {
                return new Client(State.READY, CLIENT_PROTOCOL, true);
            }
            return new Client(connected > 0 ? State.UNSUPPORTED : State.OFFLINE, null, false);
        }
    }

    /** The contract's client states ({@code unconfirmed} is a probe's: robots here say what they are when they connect). */
    public enum State {
        READY, OFFLINE, UNSUPPORTED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
