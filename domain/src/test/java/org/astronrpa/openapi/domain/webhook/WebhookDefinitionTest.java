package org.astronrpa.openapi.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.junit.jupiter.api.Test;

class WebhookDefinitionTest {

    private static List<String> fields(Runnable check) {
        return assertThrows(InvalidInput.class, check::run).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aGoodDefinitionKeepsItsTopicsInTheApisOrderAndItsWorkflowsWithoutCase() {
        WebhookDefinition d = WebhookDefinition.checked("https://hooks.example.com/rpa?k=1",
                List.of("execution.failed", "execution.completed", "execution.failed"), List.of("Flow-A"), null,
                false);
        assertEquals(List.of("execution.completed", "execution.failed"), d.orderedTopics());
        assertTrue(d.active());
        assertTrue(d.wants("execution.failed", Optional.of("flow-a")));
        assertFalse(d.wants("execution.failed", Optional.of("flow-b")), "another workflow");
        assertFalse(d.wants("execution.queued", Optional.of("flow-a")), "another topic");
    }

    @Test
    void everythingAndEventsAboutNoWorkflowPassTheFilters() {
        WebhookDefinition d = WebhookDefinition.checked("https://h.example/", List.of("*"), List.of("flow-a"), true,
                false);
        assertTrue(d.wants("robot.online", Optional.empty()));
        assertTrue(d.wants("webhook.disabled", Optional.empty()));
        WebhookDefinition off = WebhookDefinition.checked("https://h.example/", List.of("*"), null, false, false);
        assertFalse(off.wants("robot.online", Optional.empty()), "inactive");
    }

    @Test
    void badFieldsAreAllNamed() {
        assertEquals(List.of("url", "events", "project_ids[1]"), fields(() -> WebhookDefinition.checked(
                "ftp://h.example/", List.of("execution.exploded"), List.of("ok", " "), null, false)));
        assertEquals(List.of("url", "events"), fields(() -> WebhookDefinition.checked(null, List.of(), null, null,
                false)));
    }

    @Test
    void urlsMustBeHttpsWithAHostAndNoCredentialsOrFragment() {
        for (String url : new String[] {"http://h.example/", "https:///path", "https://user:pw@h.example/",
                "https://h.example/#frag", "not a url", "https://h.example/" + "x".repeat(2048), "mailto:a@b.c",
                "https://h.example:70000/", "https://h.example:0/"}) {
            assertEquals(List.of("url"), fields(() -> WebhookDefinition.checked(url, List.of("*"), null, null,
                    false)), url);
        }
        assertEquals("http://h.example/", WebhookDefinition.checked("http://h.example/", List.of("*"), null, null,
                true).url().toString(), "http when allowed");
    }

    @Test
    void atMostAHundredWorkflows() {
        List<String> many = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "p-" + i).toList();
        assertEquals(List.of("project_ids"), fields(() -> WebhookDefinition.checked("https://h.example/",
                List.of("*"), many, null, false)));
    }
}
