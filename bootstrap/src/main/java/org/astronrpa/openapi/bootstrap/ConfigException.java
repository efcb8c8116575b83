package org.astronrpa.openapi.bootstrap;

/** A configuration value the service cannot start with; the message names the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
