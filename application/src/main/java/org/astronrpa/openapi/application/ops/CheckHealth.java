package org.astronrpa.openapi.application.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.shared.DependencyProbe;

/** Asks every dependency whether it answers; dependencies this deployment does not use show DISABLED. */
public final class CheckHealth {
    private final List<DependencyProbe> probes;
    private final List<String> disabled;

    public CheckHealth(List<DependencyProbe> probes, List<String> disabled) {
        this.probes = List.copyOf(probes);
        this.disabled = List.copyOf(disabled);
    }

    public HealthReport check() {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean up = true;
        for (DependencyProbe probe : probes) {
            boolean probeUp = probe.isUp();
            checks.put(probe.name(), probeUp ? "UP" : "DOWN");
            up &= probeUp || !probe.required();
        }
        disabled.forEach(name -> checks.put(name, "DISABLED"));
        return new HealthReport(up, checks);
    }
}
