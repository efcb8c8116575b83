package org.astronrpa.openapi.domain.apikey;

import org.astronrpa.openapi.domain.shared.Text;

/** The owner's label for a key ("ci", "my laptop"); trimmed, 1..100 characters. */
public record ApiKeyName(String value) {
    public ApiKeyName {
        value = Text.trimmed("name", value, 1, 100);
    }
}
