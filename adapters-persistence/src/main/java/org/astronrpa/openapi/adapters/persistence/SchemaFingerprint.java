package org.astronrpa.openapi.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.astronrpa.openapi.domain.shared.Sha256;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * What the schema of this build is made of — every SQL migration's name and bytes, every Java migration's class,
 * version, description and checksum, and the per-database placeholders — as one SHA-256, kept in {@code schema_state}
 * (V29) once Flyway has migrated to it. A start whose build finds its own fingerprint there skips Flyway: validating
 * an unchanged history on every start loads some 300 of Flyway's classes and scans the jar for a tenth of a second or
 * more (issue 18). Any change to a migration (or a new one, or another build with other migrations, older or newer)
 * gives another fingerprint, and Flyway then validates and migrates as always.
 */
final class SchemaFingerprint {
    static final String LOCATION = "db/migration/";
    private static final int ROW = 1;

    private SchemaFingerprint() {
    }

    /** The fingerprint of the migrations {@code loader} holds under {@link #LOCATION}, with these Java ones. */
    static String of(ClassLoader loader, List<JavaMigration> javaMigrations, Map<String, String> placeholders) {
        StringBuilder made = new StringBuilder();
        sqlMigrations(loader).forEach((name, bytes) -> made.append("sql ").append(name).append(' ').append(bytes.length)
                .append('\n').append(new String(bytes, StandardCharsets.UTF_8)).append('\n'));
        for (JavaMigration java : javaMigrations) {
            made.append("java ").append(java.getClass().getName()).append(' ').append(java.getVersion()).append(' ')
                    .append(java.getDescription()).append(' ').append(java.getChecksum()).append('\n');
        }
        new TreeMap<>(placeholders).forEach((name, value) ->
                made.append("placeholder ").append(name).append('=').append(value).append('\n'));
        return "sha256:" + Sha256.hex(made.toString());
    }

    /** The fingerprint recorded by the last migration, if the database has one (none before V29 ran). */
    static Optional<String> recorded(DataSource pool) {
        try (Connection connection = pool.getConnection();
             PreparedStatement read = connection.prepareStatement("SELECT fingerprint FROM schema_state WHERE id = ?")) {
            read.setInt(1, ROW);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException noTableYet) {
            return Optional.empty();
        }
    }

    /** Records {@code fingerprint} as the schema's, after a migration that succeeded. */
    static void record(DataSource pool, String fingerprint, Instant now) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement write = connection.prepareStatement("INSERT INTO schema_state (id, fingerprint, migrated_at)"
                     + " VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE fingerprint = VALUES(fingerprint),"
                     + " migrated_at = VALUES(migrated_at)")) {
            write.setInt(1, ROW);
            write.setString(2, fingerprint);
            write.setTimestamp(3, Timestamp.from(now));
            write.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    /** Every {@code .sql} file under {@link #LOCATION}, by name, from a jar or a directory of classes. */
    static TreeMap<String, byte[]> sqlMigrations(ClassLoader loader) {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try {
            for (URL root : java.util.Collections.list(loader.getResources(LOCATION))) {
                for (String name : names(root)) {
                    try (InputStream in = loader.getResourceAsStream(LOCATION + name)) {
                        if (in != null) {
                            files.putIfAbsent(name, in.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migrations under " + LOCATION, e);
        }
        return files;
    }

    private static List<String> names(URL root) throws IOException {
        List<String> names = new ArrayList<>();
        switch (root.getProtocol()) {
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) root.openConnection();
                connection.setUseCaches(true);
                JarFile jar = connection.getJarFile();
                for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                    String name = entry.getName();
                    if (name.startsWith(LOCATION) && name.endsWith(".sql") && name.indexOf('/', LOCATION.length()) < 0) {
                        names.add(name.substring(LOCATION.length()));
                    }
                }
            }
            case "file" -> {
                Path dir;
                try {
                    dir = Path.of(root.toURI());
                } catch (URISyntaxException e) {
                    throw new IOException("not a directory: " + root, e);
                }
                try (Stream<Path> listed = Files.list(dir)) {
                    listed.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".sql"))
                            .forEach(names::add);
                }
            }
            default -> throw new IOException("migrations in a " + root.getProtocol() + " location: " + root);
        }
        return names;
    }
}
