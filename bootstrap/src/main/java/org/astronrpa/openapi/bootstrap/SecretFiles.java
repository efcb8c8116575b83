package org.astronrpa.openapi.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Secrets read from files: for each secret setting {@code X}, a non-empty {@code X_FILE} names a file whose content
 * (without a trailing line break) is the value — what Docker and Kubernetes secrets mount under
 * {@code /run/secrets}, so that passwords stay out of the environment and {@code docker inspect}.
 */
final class SecretFiles {
    /** The settings that may come from a file. */
    static final List<String> SECRETS = List.of("DATABASE_URL", "DATABASE_PASSWORD", "API_KEY_PEPPER", "REDIS_URL",
            "AUTH_GATEWAY_SECRET");

    private SecretFiles() {
    }

    /** Replaces each {@code X_FILE} in {@code settings} by {@code X} read from its file. */
    static void resolve(Map<String, String> settings, Path workDir) {
        for (String key : SECRETS) {
            String fileKey = key + "_FILE";
            String file = settings.remove(fileKey);
            if (file == null || file.isBlank()) {
                continue;
            }
            String direct = settings.get(key);
            if (direct != null && !direct.isBlank()) {
                throw new ConfigException("set " + key + " or " + fileKey + ", not both");
            }
            settings.put(key, read(fileKey, workDir.resolve(file.strip())));
        }
    }

    private static String read(String fileKey, Path path) {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(fileKey + " names a file that cannot be read: " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        String value = content.replaceAll("[\\r\\n]+$", "");
        if (value.isBlank()) {
            throw new ConfigException(fileKey + " names an empty file: " + path);
        }
        return value;
    }
}
