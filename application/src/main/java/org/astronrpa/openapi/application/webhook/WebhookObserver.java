package org.astronrpa.openapi.application.webhook;

import java.time.Duration;

/** Hears of each delivery attempt this instance made, and of each delivery it gave up without one. */
@FunctionalInterface
public interface WebhookObserver {
    WebhookObserver NONE = (outcome, lag) -> { };

    /** What an attempt came to. */
    enum Outcome {
        /** The receiver took it (2xx). */
        DELIVERED,
        /** It is to be tried again (408, 429, 5xx, no answer). */
        RETRIED,
        /** Failed for good (another answer, 410, an address refused, or retried past its window). */
        FAILED,
        /** Given up unsent: its subscription is deleted or disabled, or its owner has no callback secret. */
        ABANDONED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @param lag from the delivery's making (its event relayed) to the end of this attempt */
    void attempted(Outcome outcome, Duration lag);
}
