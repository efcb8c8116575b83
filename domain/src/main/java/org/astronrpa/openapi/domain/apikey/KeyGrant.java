package org.astronrpa.openapi.domain.apikey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.IpBlock;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * What an API key may do beyond being its owner's (API.md §4): its scopes ({@code null}: every scope, the full power of
 * keys issued before scopes existed and of the gateway's user), the workflows it sees ({@code null}: all of its
 * owner's), its own request budget a minute, how many of its runs may be unfinished at once, and the addresses it may
 * be used from ({@code null}: any). Every limit is {@code null} when not set.
 */
public final class KeyGrant {

    public static final int MAX_WORKFLOW_IDS = 1_000;
    public static final int MAX_ALLOWED_IPS = 100;
    public static final int MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;
    public static final int MAX_CONCURRENT_EXECUTIONS = 100_000;

    /**
     * Scopes over things that are not one workflow's — every schedule, subscription and audit event of the owner, and
     * robots, which a key's robot connection would take any of the owner's runs to: a key limited to some workflows
     * cannot hold them.
     */
    public static final Set<Scope> SPANNING_WORKFLOWS = Collections.unmodifiableSet(EnumSet.of(Scope.SCHEDULES_READ,
            Scope.SCHEDULES_WRITE, Scope.WEBHOOKS_MANAGE, Scope.AUDIT_READ, Scope.ROBOTS_MANAGE));

    /** The gateway's user, and keys issued before scopes: everything their owner may do, from anywhere. */
    public static final KeyGrant FULL = new KeyGrant(null, null, null, null, null);

    private final Set<Scope> scopes;
    private final List<ProjectId> workflowIds;
    private final Set<String> workflowKeys;
    private final Integer rateLimitPerMinute;
    private final Integer maxConcurrentExecutions;
    private final List<IpBlock> allowedIps;

    public KeyGrant(Set<Scope> scopes, List<ProjectId> workflowIds, Integer rateLimitPerMinute,
                    Integer maxConcurrentExecutions, List<IpBlock> allowedIps) {
        this.scopes = scopes == null ? null : Collections.unmodifiableSet(EnumSet.copyOf(withType(scopes)));
        this.workflowIds = workflowIds == null ? null : List.copyOf(workflowIds);
        this.workflowKeys = workflowIds == null ? null
                : workflowIds.stream().map(ProjectId::key).collect(Collectors.toUnmodifiableSet());
        this.rateLimitPerMinute = rateLimitPerMinute;
        this.maxConcurrentExecutions = maxConcurrentExecutions;
        this.allowedIps = allowedIps == null || allowedIps.isEmpty() ? null : List.copyOf(allowedIps);
    }

    /** The scopes held, or {@code null} for all ({@link #fullAccess()}). */
    public Set<Scope> scopes() {
        return scopes;
    }

    /** The workflows the key sees, or {@code null} for all of its owner's. */
    public List<ProjectId> workflowIds() {
        return workflowIds;
    }

    /** The keys of {@link #workflowIds()} ({@link ProjectId#key()}), made once with the grant; null for all. */
    public Set<String> workflowKeys() {
        return workflowKeys;
    }

    public Integer rateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    public Integer maxConcurrentExecutions() {
        return maxConcurrentExecutions;
    }

    /** Where the key may be used from, or {@code null} for anywhere. */
    public List<IpBlock> allowedIps() {
        return allowedIps;
    }

    private static Set<Scope> withType(Set<Scope> scopes) {
        return scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : scopes;
    }

    /** A key whose creator named these scopes and nothing else. */
    public static KeyGrant of(Set<Scope> scopes) {
        return new KeyGrant(scopes, null, null, null, null);
    }

    /**
     * The grant a creator or editor asked for, each field as it came ({@code null}: not given, which means no limit, or
     * for {@code scopes} the default set); every rule a value breaks is named in one {@link InvalidInput}.
     */
    public static KeyGrant checked(List<String> scopes, List<String> workflowIds, Long rateLimitPerMinute,
                                   Long maxConcurrentExecutions, List<String> allowedIps) {
        FieldErrors errors = new FieldErrors();
        Set<Scope> checkedScopes = scopes == null ? Scope.DEFAULTS : checkedScopes(scopes, errors);
        List<ProjectId> ids = workflowIds == null ? null : checkedWorkflowIds(workflowIds, errors);
        Integer rate = bounded("rate_limit_per_minute", rateLimitPerMinute, MAX_RATE_LIMIT_PER_MINUTE, errors);
        Integer concurrent = bounded("max_concurrent_executions", maxConcurrentExecutions, MAX_CONCURRENT_EXECUTIONS,
                errors);
        List<IpBlock> blocks = allowedIps == null ? null : checkedBlocks(allowedIps, errors);
        if (ids != null) {
            spanning(checkedScopes, scopes == null ? List.of() : scopes, errors);
        }
        errors.throwIfAny();
        return new KeyGrant(checkedScopes, ids, rate, concurrent, blocks);
    }

    private static Set<Scope> checkedScopes(List<String> names, FieldErrors errors) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < names.size(); i++) {
            Scope scope = Scope.ofWire(names.get(i));
            if (scope == null) {
                errors.add("scopes[" + i + "]", "unknown scope '" + names.get(i) + "'; known: " + Scope.known());
            } else {
                scopes.add(scope);
            }
        }
        if (names.isEmpty()) {
            errors.add("scopes", "must name at least one scope; known: " + Scope.known());
        }
        return scopes;
    }

    /** The refusals of scopes that a key limited to some workflows cannot hold ({@code null} scopes: all of them). */
    private static void spanning(Set<Scope> scopes, List<String> asked, FieldErrors errors) {
        if (scopes == null) {
            errors.add("workflow_ids", "a key with full access cannot be limited to workflows: name its scopes too");
            return;
        }
        java.util.Set<Scope> named = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < asked.size(); i++) {
            Scope scope = Scope.ofWire(asked.get(i));
            if (scope != null && SPANNING_WORKFLOWS.contains(scope) && named.add(scope)) {
                errors.add("scopes[" + i + "]", refusal(scope));
            }
        }
        for (Scope spanning : SPANNING_WORKFLOWS) {
            if (scopes.contains(spanning) && !named.contains(spanning)) {
                errors.add("scopes", refusal(spanning));
            }
        }
    }

    private static String refusal(Scope spanning) {
        return "a key limited to workflow_ids cannot hold '" + spanning.wire()
                + "': it spans all of its owner's workflows; give that a key of its own";
    }

    private static List<ProjectId> checkedWorkflowIds(List<String> raw, FieldErrors errors) {
        if (raw.size() > MAX_WORKFLOW_IDS) {
            errors.add("workflow_ids", "at most " + MAX_WORKFLOW_IDS + " workflows");
            return null;
        }
        if (raw.isEmpty()) {
            errors.add("workflow_ids", "must name at least one workflow (null: all of the owner's)");
            return null;
        }
        Map<String, ProjectId> byKey = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            int index = i;
            ProjectId id = errors.collect(() -> {
                try {
                    return new ProjectId(raw.get(index));
                } catch (InvalidInput e) {
                    throw InvalidInput.of("workflow_ids[" + index + "]", e.errors().getFirst().message());
                }
            });
            if (id != null) {
                byKey.putIfAbsent(id.key(), id);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static Integer bounded(String field, Long value, int max, FieldErrors errors) {
        if (value == null) {
            return null;
        }
        if (value < 1 || value > max) {
            errors.add(field, "must be 1.." + max + ", or null for no limit");
            return null;
        }
        return value.intValue();
    }

    private static List<IpBlock> checkedBlocks(List<String> raw, FieldErrors errors) {
        if (raw.size() > MAX_ALLOWED_IPS) {
            errors.add("allowed_ips", "at most " + MAX_ALLOWED_IPS + " entries");
            return null;
        }
        List<IpBlock> blocks = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                IpBlock block = IpBlock.parse(raw.get(i));
                if (!blocks.contains(block)) {
                    blocks.add(block);
                }
            } catch (IllegalArgumentException e) {
                errors.add("allowed_ips[" + i + "]", e.getMessage());
            }
        }
        return blocks;
    }

    /** Whether this grant holds every scope: the gateway's user and keys issued before scopes existed. */
    public boolean fullAccess() {
        return scopes == null;
    }

    public boolean permits(Scope scope) {
        return scopes == null || scopes.contains(scope);
    }

    /** @throws MissingScope unless this grant holds {@code scope} */
    public void require(Scope scope) {
        if (!permits(scope)) {
            throw new MissingScope(scope);
        }
    }

    /** Whether the key is limited to some workflows ({@link #workflowIds()} not null). */
    public boolean limitedToWorkflows() {
        return workflowKeys != null;
    }

    /** Whether the key sees this workflow: always, unless it has an allow-list that does not name it. */
    public boolean sees(ProjectId workflow) {
        return workflowKeys == null || workflowKeys.contains(workflow.key());
    }

    /** Whether the key may be used from {@code address} (an IP literal; {@code null}: unknown, refused by a list). */
    public boolean admitsAddress(String address) {
        return allowedIps == null || allowedIps.stream().anyMatch(block -> block.contains(address));
    }

    /** @throws AddressRefused unless the key may be used from {@code address} */
    public void requireAddress(String address) {
        if (!admitsAddress(address)) {
            throw new AddressRefused(address);
        }
    }

    /**
     * This grant with {@code other}'s values for the fields {@code changed} names (the wire names of a PATCH).
     *
     * @throws InvalidInput when the result would be a key limited to workflows holding a scope that spans them
     */
    public KeyGrant with(KeyGrant other, Set<String> changed) {
        KeyGrant merged = new KeyGrant(
                changed.contains("scopes") ? other.scopes : scopes,
                changed.contains("workflow_ids") ? other.workflowIds : workflowIds,
                changed.contains("rate_limit_per_minute") ? other.rateLimitPerMinute : rateLimitPerMinute,
                changed.contains("max_concurrent_executions") ? other.maxConcurrentExecutions : maxConcurrentExecutions,
                changed.contains("allowed_ips") ? other.allowedIps : allowedIps);
        if (merged.limitedToWorkflows()) {
            FieldErrors errors = new FieldErrors();
            spanning(merged.scopes, List.of(), errors);   // the change may not have named them: "scopes"
            errors.throwIfAny();
        }
        return merged;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyGrant grant && Objects.equals(scopes, grant.scopes)
                && Objects.equals(workflowIds, grant.workflowIds)
                && Objects.equals(rateLimitPerMinute, grant.rateLimitPerMinute)
                && Objects.equals(maxConcurrentExecutions, grant.maxConcurrentExecutions)
                && Objects.equals(allowedIps, grant.allowedIps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scopes, workflowIds, rateLimitPerMinute, maxConcurrentExecutions, allowedIps);
    }

    @Override
    public String toString() {
        return "KeyGrant[scopes=" + scopes + ", workflows=" + (workflowIds == null ? "all" : workflowIds.size())
                + ", rate=" + rateLimitPerMinute + ", concurrent=" + maxConcurrentExecutions + ", ips=" + allowedIps + "]";
    }
}
