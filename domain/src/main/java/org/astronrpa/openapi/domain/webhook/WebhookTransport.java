package org.astronrpa.openapi.domain.webhook;

import java.net.URI;
import java.util.Map;

/**
 * Sends a delivery's request: a POST of {@code body} (JSON) with {@code headers} to {@code url}, refused by the
 * {@link TargetPolicy} on the addresses it would connect to, never following a redirect, bounded by the connect and
 * total timeouts it was made with. Never throws for what the receiver or the network did: that is the result.
 */
@FunctionalInterface
public interface WebhookTransport {
    AttemptResult send(URI url, Map<String, String> headers, String body);
}
