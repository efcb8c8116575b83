package org.astronrpa.openapi.bootstrap.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.astronrpa.openapi.adapters.schema.NetworkntParameterValidator;
import org.astronrpa.openapi.adapters.schema.NetworkntSchemaChecker;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.embedded.EmbeddedRpa;
import org.astronrpa.openapi.application.execution.StartExecutionCommand;
import org.astronrpa.openapi.application.workflow.UpsertWorkflowCommand;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/** The README's "embed the service in your JVM program" example, compiled and run as written there. */
class EmbeddingExampleTest {

    @Test
    void theReadmeEmbeddingExampleRunsAnExecutionOnARobotToItsResult() {
        // README:embedding:start
        var rpa = EmbeddedRpa.builder()
                .clock(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .ids(() -> UUID.randomUUID().toString())
                .parameterChecks(new NetworkntSchemaChecker(), new NetworkntParameterValidator())
                .build();
        UserId alice = new UserId("alice");
        Caller asAlice = Caller.asUser(alice);                     // alice herself, with her full power
        rpa.upsertWorkflow().upsert(asAlice, UpsertWorkflowCommand.builder(alice, "invoice-1")
                .name("Invoice robot")
                .parameters("{\"type\":\"object\",\"required\":[\"amount\"]}")
                .build());

        List<RunOrder> orders = new CopyOnWriteArrayList<>();      // your robot: here, a list of what it was sent
        var robot = rpa.connectRobot(alice, "desk-1", orders::add);

        Execution started = rpa.startExecution().start(asAlice,
                StartExecutionCommand.of(alice, "invoice-1", "{\"amount\": 12.5}", null, null));
        RunOrder order = orders.get(0);                            // {"amount": 12.5} reached the robot
        robot.reply(order.eventId(), new RobotReply.ObjectReply("0000", "", "{\"paid\": true}"));

        Execution ended = rpa.getExecution().get(asAlice, started.id().value(), Duration.ofSeconds(5));
        // README:embedding:end

        assertEquals(ExecutionStatus.COMPLETED, ended.status());
        assertEquals("{\"paid\":true}", ended.resultJson().replace(" ", ""));
        assertEquals("{\"amount\": 12.5}", order.paramsJson().strip());
    }

    @Test
    void theReadmeShowsThisExampleAsItIsHere() throws Exception {
        Path self = Path.of("src/test/java/org/astronrpa/openapi/bootstrap/example/EmbeddingExampleTest.java");
        String source = Files.readString(self);
        String example = source.substring(source.indexOf("// README:embedding:start"), source.indexOf("// README:embedding:end"));
        String snippet = example.stripTrailing().lines().skip(1).map(line -> line.replaceFirst("^ {8}", ""))
                .collect(Collectors.joining("\n", "", "\n"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains("```java\n" + snippet + "```"), "README.md must show the example exactly as tested");
    }
}
