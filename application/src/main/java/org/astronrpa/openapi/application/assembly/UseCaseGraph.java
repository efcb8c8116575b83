package org.astronrpa.openapi.application.assembly;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.FindStoppedKeys;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.cache.CachingApiKeyStore;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.dispatch.DeadlineSweeper;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RecoverLostInstances;
import org.astronrpa.openapi.application.dispatch.RescanQueues;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.events.ExecutionWaiter;
import org.astronrpa.openapi.application.execution.AwaitExecution;
import org.astronrpa.openapi.application.execution.CancelExecution;
import org.astronrpa.openapi.application.execution.GetExecution;
import org.astronrpa.openapi.application.execution.ListExecutions;
import org.astronrpa.openapi.application.execution.PurgeHistory;
import org.astronrpa.openapi.application.execution.ReadExecutionLogs;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.ops.CheckHealth;
import org.astronrpa.openapi.application.ratelimit.LimitRequests;
import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.application.robot.ConfirmRobotStop;
import org.astronrpa.openapi.application.robot.ConnectRobot;
import org.astronrpa.openapi.application.robot.DisconnectRobot;
import org.astronrpa.openapi.application.robot.HandleRobotReply;
import org.astronrpa.openapi.application.workflow.DeleteWorkflow;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;

/**
 * The application, built once over its {@link Ports}: every use case and the components they share (one
 * {@link ExecutionChanges}, one {@link Dispatcher}, one {@link RobotRegistry}, one {@link ExecutionWaiter}), each
 * constructed exactly once here and handed out by its accessor. The service's composition root, the embedded
 * entry point and the tests all build this same graph; each inbound adapter takes from it, in one factory, the
 * use cases its routes call.
 */
public final class UseCaseGraph {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UseCaseGraph.class);
    private final ExecutionEvents executionEvents;

    private final AuthenticateCaller authenticate;
    private final LimitRequests limitRequests;
    private final CheckHealth checkHealth;

    private final UpsertWorkflow upsertWorkflow;
    private final GetWorkflow getWorkflow;
    private final ListWorkflows listWorkflows;
    private final DeleteWorkflow deleteWorkflow;

    private final CreateApiKey createApiKey;
    private final ListApiKeys listApiKeys;
    private final RevokeApiKey revokeApiKey;
    private final org.astronrpa.openapi.application.apikey.ChangeApiKey changeApiKey;
    private final FindStoppedKeys findStoppedKeys;

    private final ExecutionChanges executionChanges;
    private final RobotRegistry robots;
    private final Dispatcher dispatcher;
    private final ExecutionWaiter waiter;
    private final StartExecution startExecution;
    private final GetExecution getExecution;
    private final org.astronrpa.openapi.application.execution.GetSnapshot getSnapshot;
    private final org.astronrpa.openapi.application.execution.ContractCancelExecution contractCancelExecution;
    private final org.astronrpa.openapi.application.integration.ListContractWorkflows listContractWorkflows;
    private final org.astronrpa.openapi.application.integration.GetContractWorkflow getContractWorkflow;
    private final org.astronrpa.openapi.application.execution.StartContractExecution startContractExecution;
    private final org.astronrpa.openapi.domain.integration.ContractJson contractJson;
    private final org.astronrpa.openapi.application.integration.DescribeIntegration describeIntegration;
    private final AwaitExecution awaitExecution;
    private final ListExecutions listExecutions;
    private final CancelExecution cancelExecution;
    private final ReadExecutionLogs readExecutionLogs;

    private final ConnectRobot connectRobot;
    private final DisconnectRobot disconnectRobot;
    private final org.astronrpa.openapi.application.robot.ListRobots listRobots;
    private final org.astronrpa.openapi.domain.robot.RobotChangeFeed robotChangeFeed;
    private final org.astronrpa.openapi.application.robot.EnrollRobot enrollRobot;
    private final org.astronrpa.openapi.application.execution.StartBatch startBatch;
    private final org.astronrpa.openapi.application.robot.RedeemEnrollment redeemEnrollment;
    private final org.astronrpa.openapi.application.robot.RevokeRobot revokeRobot;
    private final org.astronrpa.openapi.application.robot.GetRobot getRobot;
    private final org.astronrpa.openapi.application.robot.UpdateRobot updateRobot;
    private final org.astronrpa.openapi.application.robot.DeleteRobot deleteRobot;
    private final HandleRobotReply handleRobotReply;
    private final ConfirmRobotStop confirmRobotStop;
    private final AppendRobotLog appendRobotLog;

    private final DeadlineSweeper deadlineSweeper;
    private final PurgeHistory purgeHistory;
    private final RecoverLostInstances recoverLostInstances;
    private final RescanQueues rescanQueues;
    private final org.astronrpa.openapi.application.schedule.FireSchedules fireSchedules;
    private final org.astronrpa.openapi.application.schedule.CreateSchedule createSchedule;
    private final org.astronrpa.openapi.application.schedule.UpdateSchedule updateSchedule;
    private final org.astronrpa.openapi.application.schedule.DeleteSchedule deleteSchedule;
    private final org.astronrpa.openapi.application.schedule.GetSchedule getSchedule;
    private final org.astronrpa.openapi.application.schedule.ListSchedules listSchedules;
    private final org.astronrpa.openapi.application.schedule.PauseSchedule pauseSchedule;
    private final org.astronrpa.openapi.application.schedule.TriggerSchedule triggerSchedule;
    private final org.astronrpa.openapi.application.schedule.NextFireTimes nextFireTimes;
    private final org.astronrpa.openapi.application.schedule.ListOccurrences listOccurrences;
    private final org.astronrpa.openapi.application.schedule.BackfillSchedule backfillSchedule;
    private final org.astronrpa.openapi.application.schedule.PauseWithWorkflow pauseWithWorkflow;
    private final org.astronrpa.openapi.application.webhook.ManageWebhooks manageWebhooks;
    private final org.astronrpa.openapi.application.webhook.FanOutWebhooks fanOutWebhooks;
    private final org.astronrpa.openapi.application.webhook.DeliverWebhooks deliverWebhooks;
    private final org.astronrpa.openapi.domain.webhook.DeliveryRepository webhookDeliveries;
    private final org.astronrpa.openapi.application.audit.Attributions attributions;
    private final org.astronrpa.openapi.application.audit.ListAuditEvents listAuditEvents;
    private final org.astronrpa.openapi.application.audit.PurgeAuditEvents purgeAuditEvents;

    private UseCaseGraph(Ports ports, Settings settings) {
        var time = ports.time();
        var ids = ports.ids();
        var cluster = ports.cluster();
        var workflows = ports.workflows();
        ExecutionRepository executions = ports.executions();
        this.executionEvents = ports.executionEvents();

        ApiKeyStore keys = cachedKeys(ports, settings);
        // every change's events, and its audit entries beside them in its transaction
        this.attributions = new org.astronrpa.openapi.application.audit.Attributions();
        org.astronrpa.openapi.domain.shared.DomainEvents events =
                new org.astronrpa.openapi.application.audit.AuditedDomainEvents(ports.domainEvents(), ports.auditLog(),
                        attributions);
        this.authenticate = new AuthenticateCaller(settings.auth(), keys, ports.hasher(), time,
                ports.robotCredentials(),
                new org.astronrpa.openapi.application.audit.FailedAuthentications(ports.auditLog(), ids, time));
        // with no service-wide limit, a key's own rate_limit_per_minute still counts
        this.limitRequests = new LimitRequests(cluster.rateLimiter(), settings.requestLimit());
        this.checkHealth = new CheckHealth(ports.probes(), settings.disabledDependencies());

        this.upsertWorkflow = new UpsertWorkflow(workflows, ports.schemas(), ports.contractJson(), events, ids, time);
        this.getWorkflow = new GetWorkflow(workflows);
        org.astronrpa.openapi.domain.shared.Cursors cursors = new org.astronrpa.openapi.domain.shared.Cursors(
                ports.hasher().derivedSecret("cursors"), time);
        this.listWorkflows = new ListWorkflows(workflows, cursors);
        this.listAuditEvents = new org.astronrpa.openapi.application.audit.ListAuditEvents(ports.auditLog(), cursors);
        this.purgeAuditEvents = new org.astronrpa.openapi.application.audit.PurgeAuditEvents(ports.auditLog(), time,
                settings.auditRetention());
        this.deleteWorkflow = new DeleteWorkflow(workflows, events, ids, time);

        this.createApiKey = new CreateApiKey(keys, ports.hasher(), ports.random(), events, ids, time,
                ports.transactions());
        this.listApiKeys = new ListApiKeys(keys, time);
        this.revokeApiKey = new RevokeApiKey(keys, events, ids, time, ports.transactions());
        this.changeApiKey = new org.astronrpa.openapi.application.apikey.ChangeApiKey(keys, events, ids,
                time, ports.transactions());
        // past the cache on purpose: it finds the revocations a missed announcement left in the cache
        this.findStoppedKeys = new FindStoppedKeys(ports.apiKeys(), time);

        this.executionChanges = new ExecutionChanges(executions, ports.transactions(), events, ids, time);
        this.robots = new RobotRegistry(cluster.presence(), cluster.membership().self());
        this.describeIntegration = new org.astronrpa.openapi.application.integration.DescribeIntegration(robots,
                ports.robots(), settings.serviceVersion(),
                ports.contractJson() != null && ports.contractIdempotencyKeys() != null);
        this.dispatcher = new Dispatcher(executions, executionChanges, robots, ids, time, cluster.presence(),
                cluster.messages());
        // executions queued on any instance reach this one's idle robots through the bus
        dispatcher.followQueues(executionEvents);
        this.waiter = new ExecutionWaiter(executions, executionEvents, settings.waiterRecheck());
        var startSettings = new StartExecution.Settings(settings.executionTimeout(), settings.dispatchTimeout());
        var targets = new org.astronrpa.openapi.application.robot.Targets(ports.robots(), robots);
        var callbackSecrets = new org.astronrpa.openapi.application.webhook.CallbackSecrets(
                ports.webhooks().callbackSecrets(), ports.random(), time);
        this.startExecution = new StartExecution(workflows, executions, executionChanges, ports.idempotencyKeys(),
                ports.parameters(), dispatcher, ids, time, startSettings, targets, callbackSecrets::of, ports.keyRuns());
        this.startBatch = new org.astronrpa.openapi.application.execution.StartBatch(startExecution, robots,
                ports.robots(), ids);
        this.fireSchedules = new org.astronrpa.openapi.application.schedule.FireSchedules(ports.schedules(), workflows,
                executions, executionChanges, ports.transactions(), events, ports.parameters(),
                dispatcher, targets, ids, time, startSettings,
                ports.schedules().sharesOutDueSchedules()
                        ? org.astronrpa.openapi.application.schedule.FireSchedules.Settings.LOCKING
                        : org.astronrpa.openapi.application.schedule.FireSchedules.Settings.DEFAULT);
        var ownedSchedules = new org.astronrpa.openapi.application.schedule.OwnedSchedules(ports.schedules(), workflows,
                ports.parameters(), targets, settings.scheduleMinInterval(), ports.transactions(), events);
        this.createSchedule = new org.astronrpa.openapi.application.schedule.CreateSchedule(ownedSchedules, ids, time);
        this.updateSchedule = new org.astronrpa.openapi.application.schedule.UpdateSchedule(ownedSchedules, ids, time);
        this.deleteSchedule = new org.astronrpa.openapi.application.schedule.DeleteSchedule(ownedSchedules, ids, time);
        this.getSchedule = new org.astronrpa.openapi.application.schedule.GetSchedule(ownedSchedules);
        this.listSchedules = new org.astronrpa.openapi.application.schedule.ListSchedules(ownedSchedules);
        this.pauseSchedule = new org.astronrpa.openapi.application.schedule.PauseSchedule(ownedSchedules, ids,
                time);
        this.triggerSchedule = new org.astronrpa.openapi.application.schedule.TriggerSchedule(ownedSchedules,
                fireSchedules);
        this.nextFireTimes = new org.astronrpa.openapi.application.schedule.NextFireTimes(ownedSchedules);
        this.listOccurrences = new org.astronrpa.openapi.application.schedule.ListOccurrences(ownedSchedules);
        this.backfillSchedule = new org.astronrpa.openapi.application.schedule.BackfillSchedule(ownedSchedules,
                fireSchedules, time);
        this.pauseWithWorkflow = new org.astronrpa.openapi.application.schedule.PauseWithWorkflow(ports.schedules(),
                ports.transactions(), events, ids, time);
        if (ports.domainEvents() instanceof org.astronrpa.openapi.application.events.PublishingDomainEvents inProcess) {
            // events recorded straight to their consumers (no outbox, as in memory): it hears them there; the
            // composition root hands it the relay's events otherwise
            inProcess.consume(pauseWithWorkflow);
        }
        WebhookPorts hooks = ports.webhooks();
        this.webhookDeliveries = hooks.deliveries();
        this.deliverWebhooks = new org.astronrpa.openapi.application.webhook.DeliverWebhooks(hooks.webhooks(),
                hooks.deliveries(), hooks.transport(), hooks.callbackSecrets(), ports.transactions(),
                events, ids, ports.random(),
                time, settings.webhooks(), cluster.membership().self(),
                java.util.concurrent.Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("webhook-attempt-", 0).factory()));
        this.fanOutWebhooks = new org.astronrpa.openapi.application.webhook.FanOutWebhooks(hooks.webhooks(),
                hooks.deliveries(), hooks.bodies(), ids, time, deliverWebhooks);
        this.manageWebhooks = new org.astronrpa.openapi.application.webhook.ManageWebhooks(hooks.webhooks(),
                hooks.deliveries(), hooks.bodies(), ids, ports.random(), time, settings.webhooks(),
                deliverWebhooks::nudge, callbackSecrets, ports.transactions(), events);
        if (ports.domainEvents() instanceof org.astronrpa.openapi.application.events.PublishingDomainEvents inProcess) {
            // in memory the events reach their consumers as they are recorded; the relay's otherwise (composition root)
            inProcess.require(fanOutWebhooks::accept);
        }
        this.getExecution = new GetExecution(executions, waiter);
        this.getSnapshot = new org.astronrpa.openapi.application.execution.GetSnapshot(executions, workflows,
                ports.secretInputs(), time, ports.contractJson());
        this.awaitExecution = new AwaitExecution(waiter);
        this.listExecutions = new ListExecutions(executions, cursors);
        this.cancelExecution = new CancelExecution(executions, executionChanges, dispatcher);
        this.contractCancelExecution = new org.astronrpa.openapi.application.execution.ContractCancelExecution(executions,
                workflows, ports.secretInputs(), time, cancelExecution, ports.contractJson());
        this.contractJson = ports.contractJson();
        if (ports.contractJson() != null && ports.contractIdempotencyKeys() != null) {
            var profiles = new org.astronrpa.openapi.application.integration.ContractProfiles(workflows,
                    ports.contractJson(), ports.secretInputs());
            this.listContractWorkflows = new org.astronrpa.openapi.application.integration.ListContractWorkflows(
                    workflows, profiles);
            this.getContractWorkflow = new org.astronrpa.openapi.application.integration.GetContractWorkflow(profiles,
                    describeIntegration);
            this.startContractExecution = new org.astronrpa.openapi.application.execution.StartContractExecution(
                    startExecution, profiles, ports.contractIdempotencyKeys(), executions, workflows,
                    ports.secretInputs(), time);
        } else {
            this.listContractWorkflows = null;
            this.getContractWorkflow = null;
            this.startContractExecution = null;
        }
        this.readExecutionLogs = new ReadExecutionLogs(executions, ports.executionLogs());
        this.purgeHistory = new PurgeHistory(executions, ports.executionLogs(), ports.transactions(), ports.jobLeases(),
                time, settings.retention(), cluster.membership().self());

        var robotEvents = new org.astronrpa.openapi.application.robot.RobotEvents(ports.transactions(),
                events, ids, time, cluster.membership().self());
        var recordWrites = new org.astronrpa.openapi.application.robot.RecordWrites(
                org.astronrpa.openapi.application.robot.RecordWrites.DEFAULT_PERMITS);
        this.connectRobot = new ConnectRobot(robots, dispatcher, executions, cluster.presence(), ports.robots(),
                robotEvents, recordWrites);
        this.disconnectRobot = new DisconnectRobot(robots, ports.robots(), robotEvents, recordWrites);
        robots.whenDrained(robot -> Thread.ofVirtual().name("robot-drained").start(() -> {
            try {
                robotEvents.record(robotEvents.drained(robot));
            } catch (RuntimeException e) {
                LOG.warn("could not record that robot {} drained: {}", robot.id(), e.toString());
            }
        }));
        cluster.robotChanges().listen(new org.astronrpa.openapi.application.robot.FollowRobotChanges(robots, dispatcher,
                robotEvents, executionChanges)::heard);
        this.enrollRobot = new org.astronrpa.openapi.application.robot.EnrollRobot(ports.robotCredentials(),
                ports.hasher(), ports.random(), time);
        this.redeemEnrollment = new org.astronrpa.openapi.application.robot.RedeemEnrollment(ports.robotCredentials(),
                ports.robots(), ports.hasher(), ports.random(), ids, robotEvents);
        this.revokeRobot = new org.astronrpa.openapi.application.robot.RevokeRobot(ports.robots(),
                ports.robotCredentials(), robotEvents);
        this.robotChangeFeed = cluster.robotChanges();
        this.listRobots = new org.astronrpa.openapi.application.robot.ListRobots(ports.robots(), robots, executions);
        this.getRobot = new org.astronrpa.openapi.application.robot.GetRobot(ports.robots(), robots, executions);
        this.updateRobot = new org.astronrpa.openapi.application.robot.UpdateRobot(ports.robots(), robots, dispatcher,
                robotEvents, executions);
        this.deleteRobot = new org.astronrpa.openapi.application.robot.DeleteRobot(ports.robots(), robots, robotEvents);
        this.handleRobotReply = new HandleRobotReply(executions, executionChanges, dispatcher);
        this.confirmRobotStop = new ConfirmRobotStop(executions, executionChanges, dispatcher);
        this.appendRobotLog = new AppendRobotLog(executions, ports.executionLogs(), executionEvents, time,
                settings.executionLogMaxLines());

        this.deadlineSweeper = new DeadlineSweeper(executions, executionChanges, dispatcher, time,
                settings.dispatchTimeout(), cluster.membership());
        this.recoverLostInstances = new RecoverLostInstances(executions, executionChanges, dispatcher,
                cluster.membership(), time, settings.dispatchTimeout(), settings.instanceLease());
        this.rescanQueues = new RescanQueues(executions, robots, dispatcher);
    }

    /** Builds every use case over {@code ports}, as {@code settings} choose. */
    public static UseCaseGraph build(Ports ports, Settings settings) {
        return new UseCaseGraph(Objects.requireNonNull(ports, "ports"), Objects.requireNonNull(settings, "settings"));
    }

    /**
     * The key store as the use cases read it: behind a cache when settings ask for one, which forgets a key as soon
     * as its revocation is announced (on any instance).
     */
    private static ApiKeyStore cachedKeys(Ports ports, Settings settings) {
        if (settings.apiKeyCacheTtl().isZero()) {
            return ports.apiKeys();
        }
        CachingApiKeyStore cache = new CachingApiKeyStore(ports.apiKeys(), ports.time(), settings.apiKeyCacheTtl(),
                Settings.API_KEY_CACHE_ENTRIES);
        ports.cluster().revocations().listen(cache::evict);
        ports.cluster().revocations().listenChanges(cache::evict);
        return cache;
    }

    /** The bus execution changes and robot log lines are heard on (the {@code /ws/events} watchers listen here). */
    public ExecutionEvents executionEvents() {
        return executionEvents;
    }

    public AuthenticateCaller authenticate() {
        return authenticate;
    }

    public LimitRequests limitRequests() {
        return limitRequests;
    }

    public CheckHealth checkHealth() {
        return checkHealth;
    }

    public UpsertWorkflow upsertWorkflow() {
        return upsertWorkflow;
    }

    public GetWorkflow getWorkflow() {
        return getWorkflow;
    }

    public ListWorkflows listWorkflows() {
        return listWorkflows;
    }

    public DeleteWorkflow deleteWorkflow() {
        return deleteWorkflow;
    }

    public CreateApiKey createApiKey() {
        return createApiKey;
    }

    public ListApiKeys listApiKeys() {
        return listApiKeys;
    }

    public RevokeApiKey revokeApiKey() {
        return revokeApiKey;
    }

    public org.astronrpa.openapi.application.apikey.ChangeApiKey changeApiKey() {
        return changeApiKey;
    }

    public FindStoppedKeys findStoppedKeys() {
        return findStoppedKeys;
    }

    /** The one path every execution change goes through. */
    public ExecutionChanges executionChanges() {
        return executionChanges;
    }

    /** The robots connected to this instance (and, through presence, where the others are). */
    public RobotRegistry robots() {
        return robots;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** The long-poll waits of this instance; a stopping service releases them. */
    public ExecutionWaiter waiter() {
        return waiter;
    }

    public StartExecution startExecution() {
        return startExecution;
    }

    public GetExecution getExecution() {
        return getExecution;
    }

    public org.astronrpa.openapi.application.execution.GetSnapshot getSnapshot() {
        return getSnapshot;
    }

    public org.astronrpa.openapi.application.execution.ContractCancelExecution contractCancelExecution() {
        return contractCancelExecution;
    }

    /** Null when the ports lack the contract's JSON adapter or its idempotency store (then contract starts are not served). */
    public org.astronrpa.openapi.application.integration.ListContractWorkflows listContractWorkflows() {
        return listContractWorkflows;
    }

    /** Null as {@link #listContractWorkflows()}. */
    public org.astronrpa.openapi.application.integration.GetContractWorkflow getContractWorkflow() {
        return getContractWorkflow;
    }

    /** The integration contract's JSON work (the limits of its tools' arguments); null as {@link #listContractWorkflows()}. */
    public org.astronrpa.openapi.domain.integration.ContractJson contractJson() {
        return listContractWorkflows == null ? null : contractJson;
    }

    /** Null as {@link #listContractWorkflows()}. */
    public org.astronrpa.openapi.application.execution.StartContractExecution startContractExecution() {
        return startContractExecution;
    }

    public org.astronrpa.openapi.application.integration.DescribeIntegration describeIntegration() {
        return describeIntegration;
    }

    public AwaitExecution awaitExecution() {
        return awaitExecution;
    }

    public ListExecutions listExecutions() {
        return listExecutions;
    }

    public CancelExecution cancelExecution() {
        return cancelExecution;
    }

    public ReadExecutionLogs readExecutionLogs() {
        return readExecutionLogs;
    }

    public ConnectRobot connectRobot() {
        return connectRobot;
    }

    public DisconnectRobot disconnectRobot() {
        return disconnectRobot;
    }

    /** Whom the current thread's work is for: inbound adapters bind their caller around the use cases they call. */
    public org.astronrpa.openapi.application.audit.Attributions attributions() {
        return attributions;
    }

    public org.astronrpa.openapi.application.audit.ListAuditEvents listAuditEvents() {
        return listAuditEvents;
    }

    /** The audit log's retention purge (run periodically by the composition root). */
    public org.astronrpa.openapi.application.audit.PurgeAuditEvents purgeAuditEvents() {
        return purgeAuditEvents;
    }

    /** Robot events from every instance (for watchers). */
    public org.astronrpa.openapi.domain.robot.RobotChangeFeed robotEvents() {
        return robotChangeFeed;
    }

    public org.astronrpa.openapi.application.execution.StartBatch startBatch() {
        return startBatch;
    }

    public org.astronrpa.openapi.application.robot.EnrollRobot enrollRobot() {
        return enrollRobot;
    }

    public org.astronrpa.openapi.application.robot.RedeemEnrollment redeemEnrollment() {
        return redeemEnrollment;
    }

    public org.astronrpa.openapi.application.robot.RevokeRobot revokeRobot() {
        return revokeRobot;
    }

    public org.astronrpa.openapi.application.robot.ListRobots listRobots() {
        return listRobots;
    }

    public org.astronrpa.openapi.application.robot.GetRobot getRobot() {
        return getRobot;
    }

    public org.astronrpa.openapi.application.robot.UpdateRobot updateRobot() {
        return updateRobot;
    }

    public org.astronrpa.openapi.application.robot.DeleteRobot deleteRobot() {
        return deleteRobot;
    }

    public HandleRobotReply handleRobotReply() {
        return handleRobotReply;
    }

    public ConfirmRobotStop confirmRobotStop() {
        return confirmRobotStop;
    }

    public AppendRobotLog appendRobotLog() {
        return appendRobotLog;
    }

    /** Deletes finished executions and log lines past their retention; run every minute or so, on every instance. */
    public PurgeHistory purgeHistory() {
        return purgeHistory;
    }

    /** Fails overdue executions; run about once a second. */
    public DeadlineSweeper deadlineSweeper() {
        return deadlineSweeper;
    }

    /** Cleans up after instances whose heartbeats stopped; run about once a second with several instances. */
    public RecoverLostInstances recoverLostInstances() {
        return recoverLostInstances;
    }

    public org.astronrpa.openapi.application.schedule.CreateSchedule createSchedule() {
        return createSchedule;
    }

    public org.astronrpa.openapi.application.schedule.UpdateSchedule updateSchedule() {
        return updateSchedule;
    }

    public org.astronrpa.openapi.application.schedule.DeleteSchedule deleteSchedule() {
        return deleteSchedule;
    }

    public org.astronrpa.openapi.application.schedule.GetSchedule getSchedule() {
        return getSchedule;
    }

    public org.astronrpa.openapi.application.schedule.ListSchedules listSchedules() {
        return listSchedules;
    }

    public org.astronrpa.openapi.application.schedule.PauseSchedule pauseSchedule() {
        return pauseSchedule;
    }

    public org.astronrpa.openapi.application.schedule.TriggerSchedule triggerSchedule() {
        return triggerSchedule;
    }

    public org.astronrpa.openapi.application.schedule.NextFireTimes nextFireTimes() {
        return nextFireTimes;
    }

    public org.astronrpa.openapi.application.schedule.ListOccurrences listOccurrences() {
        return listOccurrences;
    }

    public org.astronrpa.openapi.application.schedule.BackfillSchedule backfillSchedule() {
        return backfillSchedule;
    }

    /** Pauses the schedules of a workflow deleted or made inactive: a consumer of the relay's events. */
    public org.astronrpa.openapi.application.schedule.PauseWithWorkflow pauseWithWorkflow() {
        return pauseWithWorkflow;
    }

    /** The scheduler's pass: the due occurrences of every schedule decided (run every second, on every instance). */
    public org.astronrpa.openapi.application.webhook.ManageWebhooks manageWebhooks() {
        return manageWebhooks;
    }

    /** Makes the deliveries of each relayed event: a required consumer of the relay's publications. */
    public org.astronrpa.openapi.application.webhook.FanOutWebhooks fanOutWebhooks() {
        return fanOutWebhooks;
    }

    /** Where deliveries live (the composition root's queue-depth metric reads it). */
    public org.astronrpa.openapi.domain.webhook.DeliveryRepository webhookDeliveries() {
        return webhookDeliveries;
    }

    /** Attempts the due deliveries: started and closed by the composition root. */
    public org.astronrpa.openapi.application.webhook.DeliverWebhooks deliverWebhooks() {
        return deliverWebhooks;
    }

    public org.astronrpa.openapi.application.schedule.FireSchedules fireSchedules() {
        return fireSchedules;
    }

    /** Hands queued executions to idle robots a missed hint left waiting; run every few seconds with several instances. */
    public RescanQueues rescanQueues() {
        return rescanQueues;
    }

    /**
     * The choices the use cases are built with; {@link #builder()} starts from the defaults of a single process.
     *
     * @param auth                 whom the gateway's user header is believed for
     * @param requestLimit         each user's and key's budget, or {@code null} for none
     * @param executionTimeout     how long a run may take once sent, unless its start says otherwise
     * @param dispatchTimeout      how long an execution waits for a robot of its owner (zero: fails at once)
     * @param executionLogMaxLines how many log lines an execution keeps
     * @param waiterRecheck        how often a long-poll also reads the store (an end may be heard late or never
     *                             between instances), or {@code null} to rely on the bus alone
     * @param apiKeyCacheTtl       how long a checked key is believed without the store (zero: no cache)
     * @param instanceLease        how long one instance leads the clean-up after a lost one
     * @param disabledDependencies dependencies the health check reports as not used (e.g. redis for one instance)
     * @param retention            how long finished executions and log lines are kept
     * @param scheduleMinInterval  the shortest time allowed between two occurrences of a schedule
     * @param auditRetention       how long audit entries are kept ({@code null}: for ever)
     */
    public record Settings(AuthPolicy auth, RateLimiter.Limit requestLimit, ExecutionTimeout executionTimeout,
                           Duration dispatchTimeout, int executionLogMaxLines, Duration waiterRecheck,
                           Duration apiKeyCacheTtl, Duration instanceLease, List<String> disabledDependencies,
                           PurgeHistory.Retention retention, Duration scheduleMinInterval,
                           org.astronrpa.openapi.application.webhook.WebhookSettings webhooks,
                           Duration auditRetention, String serviceVersion) {
        /** How many keys the cache holds at most. */
        static final int API_KEY_CACHE_ENTRIES = 10_000;

        public Settings {
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(executionTimeout, "executionTimeout");
            Objects.requireNonNull(dispatchTimeout, "dispatchTimeout");
            Objects.requireNonNull(apiKeyCacheTtl, "apiKeyCacheTtl");
            Objects.requireNonNull(instanceLease, "instanceLease");
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(scheduleMinInterval, "scheduleMinInterval");
            Objects.requireNonNull(webhooks, "webhooks");
            Objects.requireNonNull(serviceVersion, "serviceVersion");
            disabledDependencies = List.copyOf(disabledDependencies);
        }

        public static Builder builder() {
            return new Builder();
        }

        /**
         * Starts from: no user header believed, no request limit, runs of 3,600 s, 60 s to find a robot,
         * {@link AppendRobotLog#DEFAULT_MAX_LINES} log lines, no rechecking waits, no key cache, 5 s leases,
         * every dependency in use, history kept forever, schedules at most every 60 s.
         */
        public static final class Builder {
            private AuthPolicy auth = new AuthPolicy(false, null);
            private RateLimiter.Limit requestLimit;
            private ExecutionTimeout executionTimeout = new ExecutionTimeout(3600);
            private Duration dispatchTimeout = Duration.ofSeconds(60);
            private int executionLogMaxLines = AppendRobotLog.DEFAULT_MAX_LINES;
            private Duration waiterRecheck;
            private Duration apiKeyCacheTtl = Duration.ZERO;
            private Duration instanceLease = Duration.ofSeconds(5);
            private List<String> disabledDependencies = List.of();
            private PurgeHistory.Retention retention = PurgeHistory.Retention.FOREVER;
            private Duration scheduleMinInterval = Duration.ofSeconds(60);
            private Duration auditRetention = Duration.ofDays(365);
            private String serviceVersion = "dev";
            private org.astronrpa.openapi.application.webhook.WebhookSettings webhooks =
                    org.astronrpa.openapi.application.webhook.WebhookSettings.DEFAULT;

            private Builder() {
            }

            public Builder auth(AuthPolicy auth) {
                this.auth = auth;
                return this;
            }

            /** @param requestLimit {@code null} for none */
            public Builder requestLimit(RateLimiter.Limit requestLimit) {
                this.requestLimit = requestLimit;
                return this;
            }

            public Builder executionTimeout(ExecutionTimeout executionTimeout) {
                this.executionTimeout = executionTimeout;
                return this;
            }

            public Builder dispatchTimeout(Duration dispatchTimeout) {
                this.dispatchTimeout = dispatchTimeout;
                return this;
            }

            public Builder executionLogMaxLines(int executionLogMaxLines) {
                this.executionLogMaxLines = executionLogMaxLines;
                return this;
            }

            /** @param waiterRecheck {@code null} to rely on the bus alone */
            public Builder waiterRecheck(Duration waiterRecheck) {
                this.waiterRecheck = waiterRecheck;
                return this;
            }

            public Builder apiKeyCacheTtl(Duration apiKeyCacheTtl) {
                this.apiKeyCacheTtl = apiKeyCacheTtl;
                return this;
            }

            public Builder instanceLease(Duration instanceLease) {
                this.instanceLease = instanceLease;
                return this;
            }

            public Builder disabledDependencies(List<String> disabledDependencies) {
                this.disabledDependencies = disabledDependencies;
                return this;
            }

            /** How long finished executions and log lines are kept (default: forever). */
            public Builder retention(PurgeHistory.Retention retention) {
                this.retention = retention;
                return this;
            }

            /** The shortest time allowed between two occurrences of a schedule (default 60 s). */
            public Builder scheduleMinInterval(Duration scheduleMinInterval) {
                this.scheduleMinInterval = scheduleMinInterval;
                return this;
            }

            /** How webhooks behave (default: {@link org.astronrpa.openapi.application.webhook.WebhookSettings#DEFAULT}). */
            public Builder webhooks(org.astronrpa.openapi.application.webhook.WebhookSettings webhooks) {
                this.webhooks = webhooks;
                return this;
            }

            /** How long audit entries are kept (default 365 days; {@code null}: for ever). */
            /** The version the service says it is (the integration contract's {@code serviceVersion}). */
            public Builder serviceVersion(String serviceVersion) {
                this.serviceVersion = serviceVersion;
                return this;
            }

            public Builder auditRetention(Duration auditRetention) {
                this.auditRetention = auditRetention;
                return this;
            }

            public Settings build() {
                return new Settings(auth, requestLimit, executionTimeout, dispatchTimeout, executionLogMaxLines,
                        waiterRecheck, apiKeyCacheTtl, instanceLease, disabledDependencies, retention,
                        scheduleMinInterval, webhooks, auditRetention, serviceVersion);
            }
        }
    }
}
