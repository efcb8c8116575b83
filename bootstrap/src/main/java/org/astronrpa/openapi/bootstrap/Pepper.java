package org.astronrpa.openapi.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret API keys are hashed with: {@code API_KEY_PEPPER}, or else one generated on first start and kept
 * in {@code DATA_DIR/api-key-pepper} (owner-only), so that a single instance needs no setup and keys survive
 * restarts. Several instances must share {@code API_KEY_PEPPER}.
 */
final class Pepper {
    private static final Logger LOG = LoggerFactory.getLogger(Pepper.class);
    static final String FILE_NAME = "api-key-pepper";

    private Pepper() {
    }

    static String resolve(AppConfig config, RandomSource random) {
        if (config.apiKeyPepper() != null) {
            return config.apiKeyPepper();
        }
        if (!config.embeddedDatabase()) {
            LOG.warn("API_KEY_PEPPER is not set: using the one in {}; every instance sharing this database must use the same one",
                    config.dataDir().resolve(FILE_NAME));
        }
        return fromFile(config.dataDir().resolve(FILE_NAME), random);
    }

    private static String fromFile(Path file, RandomSource random) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[32];
            random.fill(bytes);
            String pepper = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.writeString(file, pepper, StandardCharsets.UTF_8);
            return pepper;
        } catch (IOException e) {
            throw new ConfigException("API_KEY_PEPPER is not set and " + file + " cannot be used: " + e.getMessage());
        }
    }
}
