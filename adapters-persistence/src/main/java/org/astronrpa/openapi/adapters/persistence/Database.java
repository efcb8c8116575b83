package org.astronrpa.openapi.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.DependencyProbe;
import org.astronrpa.openapi.domain.shared.JobLeases;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.SecretBox;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database, migrated and pooled: embedded H2 or MySQL/MariaDB, and the adapters on it — each of which
 * reports a database that does not answer as the domain's {@code Unavailable} ({@link DatabaseFailures}).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** User, execution and event ids are opaque: they compare exactly, unlike the rest of the text (see V1, V2). */
    static final String H2_EXACT_ID = "VARCHAR_CASESENSITIVE(64)";
    static final String MYSQL_EXACT_ID = "VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    /** Idempotency keys are the client's text and compare exactly too (see V3). */
    /** As V5 made {@code project_key} ({@link ProjectKeyMigration}). */
    private static final String H2_EXACT_PROJECT_KEY = "VARCHAR_CASESENSITIVE(100)";
    private static final String MYSQL_EXACT_PROJECT_KEY = "VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    static final String H2_EXACT_KEY = "VARCHAR_CASESENSITIVE(255)";
    static final String MYSQL_EXACT_KEY = "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    /** A webhook delivery's receiver, {@code webhook:<id>} or {@code callback:<execution id>} (see V18). */
    private static final String H2_EXACT_SUBSCRIBER = "VARCHAR_CASESENSITIVE(100)";
    private static final String MYSQL_EXACT_SUBSCRIBER = "VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    /** Bodies compared never: exact on H2, where IGNORECASE would fold each value written (see V9, V18). */
    private static final String H2_EXACT_BODY = "VARCHAR_CASESENSITIVE";
    private static final String MYSQL_EXACT_BODY = "MEDIUMTEXT";

    private final HikariDataSource pool;
    /** H2 only: a connection held while the pool lives, so the database is opened once (see {@link #anchor}). */
    private final Connection anchor;
    private final Jdbi jdbi;
    private final WorkflowRepository workflows;
    private final RobotRepository robots;
    private final org.astronrpa.openapi.domain.schedule.ScheduleRepository schedules;
    private final ApiKeyStore apiKeys;
    private final ExecutionRepository executions;
    private final ExecutionLogStore executionLogs;
    private final IdempotencyStore idempotencyKeys;
    private final IdempotencyStore contractIdempotencyKeys;
    private final Outbox outbox;
    private final JobLeases jobLeases;
    private final Transactions transactions;
    private final org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials;
    private final DeliveryRepository deliveries;
    private final DependencyProbe probe;

    private Database(HikariDataSource pool, Connection anchor, boolean embedded) {
        this.pool = pool;
        this.anchor = anchor;
        this.jdbi = Jdbi.create(pool);
        if (!embedded) {
            // MySQL/MariaDB: no autocommit toggling around each transaction (two round trips fewer a change)
            jdbi.setTransactionHandler(new ExplicitTransactions(pool::evictConnection));
        }
        this.workflows = DatabaseFailures.guarded(WorkflowRepository.class, new JdbiWorkflowRepository(jdbi));
        this.robots = DatabaseFailures.guarded(RobotRepository.class, new JdbiRobotRepository(jdbi));
        this.schedules = DatabaseFailures.guarded(org.astronrpa.openapi.domain.schedule.ScheduleRepository.class,
                new JdbiScheduleRepository(jdbi, embedded));
        this.robotCredentials = DatabaseFailures.guarded(org.astronrpa.openapi.domain.robot.RobotCredentialStore.class,
                new JdbiRobotCredentialStore(jdbi));
        this.apiKeys = DatabaseFailures.guarded(ApiKeyStore.class, new JdbiApiKeyStore(jdbi));
        this.executions = DatabaseFailures.guarded(ExecutionRepository.class, new JdbiExecutionRepository(jdbi, embedded));
        this.executionLogs = DatabaseFailures.guarded(ExecutionLogStore.class, new JdbiExecutionLogStore(jdbi, embedded));
        this.idempotencyKeys = DatabaseFailures.guarded(IdempotencyStore.class, new JdbiIdempotencyStore(jdbi));
        this.contractIdempotencyKeys = DatabaseFailures.guarded(IdempotencyStore.class,
                new JdbiIdempotencyStore(jdbi, JdbiIdempotencyStore.CONTRACT));
        this.outbox = DatabaseFailures.guarded(Outbox.class, new JdbiOutbox(jdbi, embedded));
        this.jobLeases = DatabaseFailures.guarded(JobLeases.class, new JdbiJobLeases(jdbi));
        this.deliveries = DatabaseFailures.guarded(DeliveryRepository.class, new JdbiDeliveryRepository(jdbi, embedded));
        this.transactions = new JdbiTransactions(jdbi);
        this.probe = new DatabaseProbe(pool);
    }

    /**
     * Connects, and brings the schema up to date.
     *
     * @throws IllegalStateException when the database cannot be reached or migrated
     */
    public static Database open(PersistenceConfig config) {
        if (config.isEmbedded()) {
            createDirectories(config);
        }
        HikariConfig settings = ConnectionPool.settings(config);
        Connection anchor = config.isEmbedded() ? anchor(settings, config) : null;
        HikariDataSource pool;
        try {
            pool = connect(settings, config);
        } catch (RuntimeException e) {
            closeQuietly(anchor);
            throw e;
        }
        boolean migrated;
        try {
            migrated = migrateUnlessCurrent(pool, config);
        } catch (RuntimeException e) {
            pool.close();
            closeQuietly(anchor);
            throw new IllegalStateException("cannot migrate the database " + describe(config) + ": " + e.getMessage(), e);
        }
        pool.getHikariConfigMXBean().setMinimumIdle(ConnectionPool.minimumIdle(config));
        LOG.info("database ready: {} ({})", describe(config), migrated
                ? "migrations validated and applied"
                : "schema current: this build's migrations were all applied, Flyway not run");
        return new Database(pool, anchor, config.isEmbedded());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public WorkflowRepository workflows() {
        return workflows;
    }

    public org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials() {
        return robotCredentials;
    }

    public RobotRepository robots() {
        return robots;
    }

    public org.astronrpa.openapi.domain.schedule.ScheduleRepository schedules() {
        return schedules;
    }

    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    /**
     * The webhook subscriptions, their signing secrets sealed into and opened from the table with {@code box} (the
     * service's own, derived from its pepper). A new adapter each call: wire it once.
     */
    public WebhookRepository webhooks(SecretBox box) {
        return DatabaseFailures.guarded(WebhookRepository.class, new JdbiWebhookRepository(jdbi, box));
    }

    /** Each user's callback secret, sealed with {@code box}; wire it once. */
    /** The runs started with keys that limit their unfinished runs. */
    public org.astronrpa.openapi.domain.apikey.KeyRuns keyRuns() {
        return DatabaseFailures.guarded(org.astronrpa.openapi.domain.apikey.KeyRuns.class, new JdbiKeyRuns(jdbi));
    }

    /** The audit log. */
    public org.astronrpa.openapi.domain.audit.AuditLog auditLog() {
        return DatabaseFailures.guarded(org.astronrpa.openapi.domain.audit.AuditLog.class, new JdbiAuditLog(jdbi));
    }

    public org.astronrpa.openapi.domain.webhook.CallbackSecretStore callbackSecrets(SecretBox box) {
        return DatabaseFailures.guarded(org.astronrpa.openapi.domain.webhook.CallbackSecretStore.class,
                new JdbiCallbackSecretStore(jdbi, box));
    }

    public DeliveryRepository deliveries() {
        return deliveries;
    }

    public ExecutionRepository executions() {
        return executions;
    }

    public ExecutionLogStore executionLogs() {
        return executionLogs;
    }

    public IdempotencyStore idempotencyKeys() {
        return idempotencyKeys;
    }

    /** The integration contract's starts' keys, kept for good (the retention purge never reaches them). */
    public IdempotencyStore contractIdempotencyKeys() {
        return contractIdempotencyKeys;
    }

    /** The domain events of changes, appended in the changes' transactions, for the relays. */
    public JobLeases jobLeases() {
        return jobLeases;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Makes the writes of these adapters, made in one piece of work on one thread, one transaction. */
    public Transactions transactions() {
        return transactions;
    }

    public DependencyProbe probe() {
        return probe;
    }

    /** Closes the pool; H2 closes its files when the last connection goes. */
    @Override
    public void close() {
        pool.close();
        closeQuietly(anchor);
    }

    /**
     * H2 closes a database when its last connection closes, and the pool's first connection (its check that the
     * database answers, with no connection kept idle during the migrations, see {@link ConnectionPool}) is closed
     * again at once: without a connection of its own held open, every start opened the database files twice.
     */
    private static Connection anchor(HikariConfig settings, PersistenceConfig config) {
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", settings.getUsername());
        credentials.setProperty("password", settings.getPassword());
        try {
            return new org.h2.Driver().connect(settings.getJdbcUrl(), credentials);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database " + describe(config) + ": "
                    + rootMessage(e), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the database's anchor connection: {}", e.toString());
        }
    }

    private static HikariDataSource connect(HikariConfig settings, PersistenceConfig config) {
        try {
            return new HikariDataSource(settings);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database " + describe(config) + ": "
                    + rootMessage(e), e);
        }
    }

    /**
     * Brings the schema up to date with Flyway, unless the database records that this build's migrations
     * ({@link SchemaFingerprint}) were all applied already.
     *
     * @return whether Flyway ran
     */
    static boolean migrateUnlessCurrent(HikariDataSource pool, PersistenceConfig config) {
        List<JavaMigration> javaMigrations = javaMigrations(config.isEmbedded());
        Map<String, String> placeholders = placeholders(config);
        String fingerprint = SchemaFingerprint.of(Database.class.getClassLoader(), javaMigrations, placeholders);
        if (SchemaFingerprint.recorded(pool).filter(fingerprint::equals).isPresent()) {
            return false;
        }
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:" + SchemaFingerprint.LOCATION)
                .failOnMissingLocations(true)
                .placeholders(placeholders)
                .javaMigrations(javaMigrations.toArray(JavaMigration[]::new))
                .load()
                .migrate();
        try {
            SchemaFingerprint.record(pool, fingerprint, Instant.now());
        } catch (SQLException e) {
            // the next start validates with Flyway again, as every start did before the fingerprint
            LOG.warn("the schema's fingerprint could not be recorded: {}", e.toString());
        }
        return true;
    }

    /** The migrations written in Java, in version order. */
    static List<JavaMigration> javaMigrations(boolean embedded) {
        return List.of(new ProjectKeyMigration(embedded),
                new OutboxQuarantineMigration(embedded),
                new OutboxIndexesMigration(embedded),
                new ExactTextMigration(embedded),
                new ExecutionTargetsMigration(embedded),
                new ExecutionBatchesMigration(embedded),
                new OutboxAggregateIndexMigration(embedded),
                new ExecutionCallbacksMigration(embedded),
                new ApiKeyGrantsMigration(embedded),
                new AllowListOrderMigration(embedded),
                new ExecutionRevisionsMigration(embedded),
                new ExecutionStopsMigration(embedded),
                new ContractStartsMigration(embedded));
    }

    /** The per-database column types the migrations name by placeholder. */
    static Map<String, String> placeholders(PersistenceConfig config) {
        String exactId = config.isEmbedded() ? H2_EXACT_ID : MYSQL_EXACT_ID;
        String exactKey = config.isEmbedded() ? H2_EXACT_KEY : MYSQL_EXACT_KEY;
        return Map.of("exact_user_id", exactId, "exact_id", exactId, "exact_key", exactKey,
                "exact_project_key", config.isEmbedded() ? H2_EXACT_PROJECT_KEY : MYSQL_EXACT_PROJECT_KEY,
                "exact_subscriber", config.isEmbedded() ? H2_EXACT_SUBSCRIBER : MYSQL_EXACT_SUBSCRIBER,
                "exact_body", config.isEmbedded() ? H2_EXACT_BODY : MYSQL_EXACT_BODY);
    }

    private static void createDirectories(PersistenceConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
    }

    private static String describe(PersistenceConfig config) {
        return config.isEmbedded()
                ? "H2 in " + config.dataDir().toAbsolutePath()
                : JdbcUrls.redact(config.jdbcUrl());
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
