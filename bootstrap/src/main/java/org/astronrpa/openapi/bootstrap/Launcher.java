package org.astronrpa.openapi.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and stops the whole service; tests start it in-process on a free port. */
public final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    /** How often, with several instances, the keys of open robot and watcher sockets are checked in the database. */
    public static final int KEY_CHECK_SECONDS = 10;

    private final AppConfig config;
    private Wiring.Service service;
    private java.util.concurrent.ScheduledExecutorService scheduler;
    private java.util.concurrent.ScheduledExecutorService heartbeat;
    private java.util.concurrent.ScheduledExecutorService schedules;
    private java.util.concurrent.ScheduledExecutorService waitingTargets;
    /** Counted down when the service stops: background work between its steps (the purge's pauses) ends then. */
    private java.util.concurrent.CountDownLatch stopping;

    public Launcher(AppConfig config) {
        this.config = config;
    }

    public synchronized Launcher start() {
        if (service != null) {
            throw new IllegalStateException("already started");
        }
        Wiring.Service built = Wiring.build(config);
        try {
            built.http().start();
        } catch (RuntimeException e) {
            built.cluster().close();
            built.database().close();
            throw e;
        }
        service = built;
        stopping = new java.util.concurrent.CountDownLatch(1);
        scheduler = java.util.concurrent.Executors.newScheduledThreadPool(config.clustered() ? 2 : 1,
                Thread.ofPlatform().name("background-", 1).daemon(true).factory());
        scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::purgeIdempotencyKeys, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::purgeAuditEvents, 2, 60, java.util.concurrent.TimeUnit.MINUTES);
        long purgeEvery = config.retentionPurgeInterval().toSeconds();
        scheduler.scheduleWithFixedDelay(this::purgeHistory, Math.min(10, purgeEvery), purgeEvery,
                java.util.concurrent.TimeUnit.SECONDS);
        // the owners' waiting targets the dispatch decisions walk, read again from the queues (the repair of an
        // execution event that never arrived), and the schedules' due occurrences every second on every instance (the
        // database decides which instance records each): each on a thread of its own, so that reading a deep queue or
        // many occurrences due at once never delays the sweeps, the relay or each other
        long rebuildEvery = org.astronrpa.openapi.application.dispatch.Dispatcher.WAITING_TARGETS_REBUILD.toSeconds();
        waitingTargets = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("waiting-targets").daemon(true).factory());
        waitingTargets.scheduleWithFixedDelay(() -> quietly("waiting targets rebuild",
                        () -> built.dispatcher().rebuildWaitingTargets()),
                rebuildEvery, rebuildEvery, java.util.concurrent.TimeUnit.SECONDS);
        schedules = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("schedules").daemon(true).factory());
        nextSchedulePass(schedules, built);
        built.webhookDeliveries().start();
        // the outbox rows a crash (of this or another instance) or a failed publication left behind
        built.relay().nudge();
        scheduler.scheduleWithFixedDelay(() -> quietly("outbox relay pass", built.relay()::pass),
                1, 1, java.util.concurrent.TimeUnit.SECONDS);
        if (config.clustered()) {
            // the heartbeat has a thread of its own: work slowed by the database must never delay it (the other
            // instances would think this one lost)
            heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("heartbeat").daemon(true).factory());
            heartbeat.scheduleWithFixedDelay(() -> quietly("heartbeat", () -> built.cluster().membership().heartbeat()),
                    1, 1, java.util.concurrent.TimeUnit.SECONDS);
            // clean-up after lost instances, and the safety net under cross-instance dispatch requests
            scheduler.scheduleWithFixedDelay(() -> quietly("lost-instance recovery", built.recovery()::recover),
                    1, 1, java.util.concurrent.TimeUnit.SECONDS);
            scheduler.scheduleWithFixedDelay(() -> quietly("queue rescan", built.rescan()::rescan),
                    2, 2, java.util.concurrent.TimeUnit.SECONDS);
            // revocations reach open sockets through Redis; one announced while it was down is found here
            scheduler.scheduleWithFixedDelay(() -> quietly("key check of open sockets", () -> built.stoppedKeys()
                            .among(built.http().keysWithOpenSockets()).forEach(built.http()::keyRevoked)),
                    KEY_CHECK_SECONDS, KEY_CHECK_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        }
        return this;
    }

    private static void quietly(String task, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", task, e.toString());
        }
    }

    /**
     * The next schedule pass, just after the next whole second: occurrences fall on whole seconds (their jitter too),
     * so a pass then finds them due at once instead of up to a second later. A pass longer than a second is followed
     * at the next whole second after it.
     */
    private void nextSchedulePass(java.util.concurrent.ScheduledExecutorService executor, Wiring.Service built) {
        long delay = 1_000 - System.currentTimeMillis() % 1_000 + 2;
        try {
            executor.schedule(() -> {
                quietly("schedule pass", () -> built.fireSchedules().pass());
                nextSchedulePass(executor, built);
            }, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // shut down: no more passes
        }
    }

    /** One pass of the deadline sweeper; failures are logged and the next pass tries again. */
    private void sweep() {
        Wiring.Service current = service;
        if (current == null) {
            return;
        }
        try {
            current.sweeper().sweep();
        } catch (RuntimeException e) {
            LOG.warn("deadline sweep failed: {}", e.toString());
        }
    }

    /** Forgets Idempotency-Key records past their 24 h; hourly. */
    private void purgeIdempotencyKeys() {
        Wiring.Service current = service;
        if (current == null) {
            return;
        }
        try {
            int purged = current.idempotencyKeys().purgeOlderThan(java.time.Instant.now()
                    .minus(org.astronrpa.openapi.application.execution.StartExecution.IDEMPOTENCY_WINDOW));
            if (purged > 0) {
                LOG.info("forgot {} idempotency keys older than 24 h", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("idempotency key purge failed: {}", e.toString());
        }
    }

    /** Deletes audit entries past AUDIT_RETENTION_DAYS; hourly. */
    private void purgeAuditEvents() {
        Wiring.Service current = service;
        if (current == null) {
            return;
        }
        try {
            long purged = current.purgeAudit().purge();
            if (purged > 0) {
                LOG.info("deleted {} audit entries past their retention", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("audit log purge failed: {}", e.toString());
        }
    }

    /**
     * Runs of the retention purge (if this instance gets the job): one, and the next at once while the last left more
     * due — a backlog is worked through at the purge's duty, not one run an interval; failures are logged, the next
     * interval tries again.
     */
    private void purgeHistory() {
        Wiring.Service current = service;
        if (current == null) {
            return;
        }
        try {
            java.util.concurrent.CountDownLatch stop = stopping;
            org.astronrpa.openapi.application.execution.PurgeHistory.Report report;
            do {
                report = current.purgeHistory().purge(pause -> {
                    try {
                        return !stop.await(pause.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
                current.retentionMetrics().record(report);
            } while (report.moreDue() && stop.getCount() > 0);
        } catch (RuntimeException e) {
            LOG.warn("retention purge failed: {}", e.toString());
        }
    }

    /** Stops accepting, lets in-flight requests finish (bounded by SHUTDOWN_TIMEOUT_SECONDS), closes the pools. */
    public synchronized void stop() {
        if (service == null) {
            return;
        }
        // background work ends before what it uses closes: no beat after leaving the cluster, no sweep on a closed pool.
        // It ends at its next step rather than by an interrupt: an interrupt inside the embedded database's file I/O
        // closes its file (H2); only work still running after the wait is interrupted
        stopping.countDown();
        for (java.util.concurrent.ScheduledExecutorService background : new java.util.concurrent.ScheduledExecutorService[] {
                scheduler, heartbeat, schedules, waitingTargets}) {
            if (background != null) {
                background.shutdown();
                try {
                    if (!background.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        background.shutdownNow();
                        background.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        heartbeat = null;
        schedules = null;
        waitingTargets = null;
        // an MCP client's open event stream would otherwise hold the graceful stop for its whole timeout
        service.mcp().endListeningStreams();
        // likewise a long-poll (?wait=, Prefer: wait, an MCP tool call): answered now with the execution as it is
        service.waiter().releaseAll();
        try {
            service.http().stop();
        } catch (RuntimeException e) {
            LOG.warn("HTTP server did not stop cleanly", e);
        } finally {
            // what the last requests recorded is published now, or by the next instance to pass
            service.relayNudges().shutdown();
            try {
                service.relayNudges().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // hand-overs that came as the executor stopped: their rows would otherwise wait out their lease
            service.relay().drainBeforeStop(java.time.Duration.ofSeconds(2));
            // attempts in flight are not waited for: their claims run out and another instance (or this one's next
            // start) sends them again, at least once
            service.webhookDeliveries().close();
            service.metrics().close();
            try {
                service.cluster().close();
            } catch (RuntimeException e) {
                LOG.warn("leaving the cluster failed: {}", e.toString());
            }
            service.database().close();
            service = null;
        }
    }

    public synchronized int port() {
        if (service == null) {
            throw new IllegalStateException("not started");
        }
        return service.http().port();
    }

    public AppConfig config() {
        return config;
    }

    /** The running service's parts, for tests of this package. */
    synchronized Wiring.Service service() {
        if (service == null) {
            throw new IllegalStateException("not started");
        }
        return service;
    }

    /** Every HTTP route, for the documentation check. */
    public synchronized java.util.List<String> routes() {
        return service.http().routes();
    }
}
