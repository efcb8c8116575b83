package org.astronrpa.openapi.application.robot;

import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotCredential;
import org.astronrpa.openapi.domain.robot.RobotCredentialRejected;
import org.astronrpa.openapi.domain.robot.RobotCredentialStore;
import org.astronrpa.openapi.domain.robot.RobotEnrollment;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.robot.RobotSecret;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.RandomSource;

/**
 * A robot trades an enrollment token for its own credential, shown once: the token is used up, the robot's record is
 * made if it has none, and credentials it had before stop working (a robot it still connects is closed, as on a
 * revocation), in one transaction with its {@code robot.enrolled} event. A request the enrollment refuses (an id it does not allow) is refused before the
 * token is used, so the token stays usable. An unknown, used or expired token is refused alike (401).
 */
public final class RedeemEnrollment {
    private final RobotCredentialStore store;
    private final RobotRepository records;
    private final ApiKeyHasher hasher;
    private final RandomSource random;
    private final IdGenerator ids;
    private final RobotEvents events;

    public RedeemEnrollment(RobotCredentialStore store, RobotRepository records, ApiKeyHasher hasher,
                            RandomSource random, IdGenerator ids, RobotEvents events) {
        this.store = store;
        this.records = records;
        this.hasher = hasher;
        this.random = random;
        this.ids = ids;
        this.events = events;
    }

    /** The robot's id and its credential (the only showing of it). */
    public record Enrolled(RobotId robotId, RobotSecret credential) {
    }

    /**
     * @param sent what the robot says of itself: its id may be null when the enrollment names it; its name and labels
     *             give way to the enrollment's
     */
    public Enrolled redeem(String token, Sent sent) {
        RobotSecret presented = RobotSecret.presented(token);
        if (!presented.is(RobotSecret.Kind.ENROLLMENT)) {
            throw new RobotCredentialRejected("enrollment token", RobotCredentialRejected.Reason.MALFORMED);
        }
        String tokenHash = hasher.hash(presented.reveal());
        // the request is checked against the enrollment before the token is used: a refused one leaves it usable
        RobotEnrollment known = store.findEnrollment(tokenHash).orElseThrow(() ->
                new RobotCredentialRejected("enrollment token", RobotCredentialRejected.Reason.UNKNOWN));
        RobotId robotId = known.robotIdFor(sent.robotId());
        return events.atomically(now -> {
            RobotEnrollment enrollment = store.redeem(tokenHash, now).orElseThrow(() ->
                    new RobotCredentialRejected("enrollment token", RobotCredentialRejected.Reason.USED_OR_EXPIRED));
            RobotIdentity identity = new RobotIdentity(robotId, enrollment.name() != null ? enrollment.name() : sent.name(),
                    sent.machine(), sent.client(), sent.version(), sent.capabilities(),
                    enrollment.labels().isEmpty() ? sent.identityLabels() : enrollment.labels());
            Robot robot = records.find(enrollment.owner(), robotId).orElse(null);
            if (robot == null) {
                robot = Robot.newlySeen(enrollment.owner(), identity, now);
                records.insert(robot);
            }
            List<RobotEvent> recorded = new ArrayList<>(2);
            if (store.revokeCredentials(enrollment.owner(), robotId, now) > 0) {
                recorded.add(events.revoked(robot));   // a connection by its former credential is closed
            }
            recorded.add(events.enrolled(robot));
            RobotSecret credential = RobotSecret.generate(random, RobotSecret.Kind.CREDENTIAL);
            store.addCredential(new RobotCredential(ids.newId(), enrollment.owner(), robotId,
                    hasher.hash(credential.reveal()), credential.prefix(), now, null));
            return new RobotEvents.Outcome<>(new Enrolled(robotId, credential), recorded);
        });
    }

    /** What an enrolling robot says of itself (already checked by the adapter's rules). */
    public record Sent(RobotId robotId, String name, String machine, String client, String version,
                       List<String> capabilities, org.astronrpa.openapi.domain.robot.RobotLabels identityLabels) {
    }
}
