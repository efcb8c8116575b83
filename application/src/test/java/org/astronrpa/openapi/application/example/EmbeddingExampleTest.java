package org.astronrpa.openapi.application.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.CreateApiKeyCommand;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.auth.Credentials;
import org.astronrpa.openapi.application.memory.InMemoryApiKeyStore;
import org.astronrpa.openapi.application.memory.InMemoryWorkflowRepository;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;
import org.astronrpa.openapi.application.workflow.UpsertWorkflowCommand;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.SchemaChecker;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.junit.jupiter.api.Test;

/** The README's "embed the domain and application in your JVM app" example, compiled and run as written. */
class EmbeddingExampleTest {

    @Test
    void theReadmeEmbeddingExampleRuns() {
        // README:embedding:start
        TimeSource clock = () -> Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SecureRandom random = new SecureRandom();
        var workflows = new InMemoryWorkflowRepository();          // or your own WorkflowRepository
        var keys = new InMemoryApiKeyStore();                       // or your own ApiKeyStore
        SchemaChecker schemas = json -> new ParametersSchema(json); // or adapters-schema's NetworkntSchemaChecker
        var hasher = ApiKeyHasher.withPepper("a secret of 16+ characters");

        var upsert = new UpsertWorkflow(workflows, schemas, clock);
        var list = new ListWorkflows(workflows);
        var createKey = new CreateApiKey(keys, hasher, random::nextBytes, () -> UUID.randomUUID().toString(), clock);
        var authenticate = new AuthenticateCaller(new AuthPolicy(false, null), keys, hasher, clock);

        UserId alice = new UserId("alice");
        upsert.upsert(UpsertWorkflowCommand.of(alice, "p-1", "Invoice robot", "invoice_robot", null, null, null,
                "{\"type\":\"object\"}"));
        String secret = createKey.create(new CreateApiKeyCommand(alice, new ApiKeyName("ci"), null)).secret().reveal();

        Caller caller = authenticate.authenticate(new Credentials(null, null, "Bearer " + secret, null, null));
        var page = list.list(caller.userId(), WorkflowFilter.ANY, PageRequest.FIRST);
        // README:embedding:end

        assertEquals(alice, caller.userId());
        assertEquals(List.of("invoice_robot"), page.records().stream().map(w -> w.toolName().value()).toList());
    }

    @Test
    void theReadmeShowsThisExampleAsItIsHere() throws Exception {
        Path self = Path.of("src/test/java/org/astronrpa/openapi/application/example/EmbeddingExampleTest.java");
        String source = Files.readString(self);
        String example = source.substring(source.indexOf("// README:embedding:start"), source.indexOf("// README:embedding:end"));
        String snippet = example.stripTrailing().lines().skip(1).map(line -> line.replaceFirst("^ {8}", ""))
                .collect(Collectors.joining("\n", "", "\n"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains("```java\n" + snippet + "```"), "README.md must show the example exactly as tested");
    }
}
