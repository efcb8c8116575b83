package org.astronrpa.openapi.application.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class PublishingDomainEventsTest {
    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00Z");

    @Test
    void anEventPublishedAgainIsHandedOnOnceAndEveryConsumerStillHearsTheOthers() {
        List<String> heard = new ArrayList<>();
        PublishingDomainEvents events = new PublishingDomainEvents()
                .consume(event -> {
                    throw new IllegalStateException("a broken consumer");
                })
                .consume(event -> heard.add(event.eventId()));
        DomainEvent created = new ApiKeyEvent.Created("ev-1", "k-1", new UserId("alice"), T0);
        DomainEvent revoked = new ApiKeyEvent.Revoked("ev-2", "k-1", new UserId("alice"), T0);

        events.record(List.of(created, revoked));
        events.record(created);   // relayed again: its relay died before marking it published

        assertEquals(List.of("ev-1", "ev-2"), heard);
    }

    @Test
    void onlyTheRecentIdsAreRemembered() {
        List<String> heard = new ArrayList<>();
        PublishingDomainEvents events = new PublishingDomainEvents().consume(event -> heard.add(event.eventId()));
        for (int i = 0; i <= PublishingDomainEvents.REMEMBERED; i++) {
            events.record(new ApiKeyEvent.Created("ev-" + i, "k-" + i, new UserId("alice"), T0));
        }
        events.record(new ApiKeyEvent.Created("ev-0", "k-0", new UserId("alice"), T0));
        assertEquals(PublishingDomainEvents.REMEMBERED + 2, heard.size(), "the eldest id was forgotten");
    }
}
