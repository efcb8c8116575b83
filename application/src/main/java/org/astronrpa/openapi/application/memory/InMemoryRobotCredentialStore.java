package org.astronrpa.openapi.application.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.robot.RobotCredential;
import org.astronrpa.openapi.domain.robot.RobotCredentialStore;
import org.astronrpa.openapi.domain.robot.RobotEnrollment;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.shared.UserId;

/** Enrollment tokens and robot credentials in memory. */
public final class InMemoryRobotCredentialStore implements RobotCredentialStore {
    private final Map<String, RobotEnrollment> enrollments = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Map<String, RobotCredential> credentials = new HashMap<>();

    @Override
    public synchronized void addEnrollment(RobotEnrollment enrollment) {
        enrollments.put(enrollment.tokenHash(), enrollment);
    }

    @Override
    public synchronized Optional<RobotEnrollment> findEnrollment(String tokenHash) {
        return Optional.ofNullable(enrollments.get(tokenHash));
    }

    @Override
    public synchronized Optional<RobotEnrollment> redeem(String tokenHash, Instant now) {
        RobotEnrollment enrollment = enrollments.get(tokenHash);
        if (enrollment == null || used.contains(tokenHash) || !enrollment.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        used.add(tokenHash);
        return Optional.of(enrollment);
    }

    @Override
    public synchronized void addCredential(RobotCredential credential) {
        credentials.put(credential.hash(), credential);
    }

    @Override
    public synchronized Optional<RobotCredential> findCredential(String hash) {
        return Optional.ofNullable(credentials.get(hash));
    }

    @Override
    public synchronized int revokeCredentials(UserId owner, RobotId robotId, Instant now) {
        int revoked = 0;
        for (Map.Entry<String, RobotCredential> entry : credentials.entrySet()) {
            RobotCredential c = entry.getValue();
            if (c.owner().equals(owner) && c.robotId().equals(robotId) && !c.isRevoked()) {
                entry.setValue(new RobotCredential(c.id(), c.owner(), c.robotId(), c.hash(), c.prefix(), c.createdAt(), now));
                revoked++;
            }
        }
        return revoked;
    }
}
