package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema's fingerprint: what it covers, and that a start skips Flyway only on an exact match. */
class SchemaFingerprintTest {
    @TempDir
    Path dir;

    @Test
    void aStartWhoseBuildWasMigratedAlreadySkipsFlywayAndAnyOtherFingerprintRunsIt() {
        Path data = dir.resolve("data");
        try (Database first = Database.open(PersistenceConfig.embedded(data))) {
            String recorded = first.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT fingerprint FROM schema_state WHERE id = 1").mapTo(String.class).one());
            assertEquals(SchemaFingerprint.of(Database.class.getClassLoader(), Database.javaMigrations(true),
                    Database.placeholders(PersistenceConfig.embedded(data))), recorded);
            // without its history, Flyway would refuse this schema: a start that opens it has not run Flyway
            first.jdbi().useHandle(handle -> handle.execute("DROP TABLE flyway_schema_history"));
        }
        try (Database second = Database.open(PersistenceConfig.embedded(data))) {
            assertTrue(second.probe().isUp());
            second.jdbi().useHandle(handle -> handle.execute("UPDATE schema_state SET fingerprint = 'sha256:other'"));
        }
        // another build's fingerprint: Flyway runs, and refuses the schema that lost its history
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Database.open(PersistenceConfig.embedded(data)));
        assertTrue(refused.getMessage().contains("cannot migrate the database"), refused.getMessage());
    }

    @Test
    void aDatabaseWithoutTheStateTableIsMigratedAndThenRecordsIt() {
        Path data = dir.resolve("data");
        try (Database first = Database.open(PersistenceConfig.embedded(data))) {
            first.jdbi().useHandle(handle -> {
                handle.execute("DROP TABLE schema_state");
                handle.execute("DELETE FROM flyway_schema_history WHERE version = '29'");
            });
        }
        try (Database again = Database.open(PersistenceConfig.embedded(data))) {
            assertEquals(Integer.valueOf(1), again.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT COUNT(*) FROM schema_state").mapTo(Integer.class).one()));
        }
    }

    @Test
    void theFingerprintCoversEverySqlMigrationsNameAndBytesTheJavaMigrationsAndThePlaceholders() throws IOException {
        Path classes = dir.resolve("classes");
        write(classes, "db/migration/V1__first.sql", "CREATE TABLE a (id INT);");
        write(classes, "db/migration/V2__second.sql", "CREATE TABLE b (id INT);");
        write(classes, "db/migration/notes/V3__not_a_migration.sql", "x");
        write(classes, "db/migration/README.txt", "x");
        String base = fingerprint(classes, Database.javaMigrations(true), Map.of("p", "1"));
        try (URLClassLoader loader = loader(classes)) {
            assertEquals(List.of("V1__first.sql", "V2__second.sql"),
                    List.copyOf(SchemaFingerprint.sqlMigrations(loader).keySet()));
        }
        assertTrue(base.matches("sha256:[0-9a-f]{64}"), base);
        assertEquals(base, fingerprint(classes, Database.javaMigrations(true), Map.of("p", "1")));

        write(classes, "db/migration/V2__second.sql", "CREATE TABLE b (id BIGINT);");
        String changed = fingerprint(classes, Database.javaMigrations(true), Map.of("p", "1"));
        assertNotEquals(base, changed, "a migration's bytes");
        write(classes, "db/migration/V4__fourth.sql", "CREATE TABLE d (id INT);");
        assertNotEquals(changed, fingerprint(classes, Database.javaMigrations(true), Map.of("p", "1")), "a new one");
        Files.delete(classes.resolve("db/migration/V4__fourth.sql"));
        assertEquals(changed, fingerprint(classes, Database.javaMigrations(true), Map.of("p", "1")));
        assertNotEquals(changed, fingerprint(classes, Database.javaMigrations(true).subList(0, 12), Map.of("p", "1")),
                "the Java migrations");
        assertNotEquals(changed, fingerprint(classes, Database.javaMigrations(true), Map.of("p", "2")), "placeholders");
    }

    @Test
    void migrationsInAJarGiveTheFingerprintOfTheSameFilesInADirectory() throws IOException {
        Path classes = dir.resolve("classes");
        write(classes, "db/migration/V1__first.sql", "CREATE TABLE a (id INT);");
        write(classes, "db/migration/V2__second.sql", "CREATE TABLE b (id INT);");
        Path jar = dir.resolve("service.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("other/V9__elsewhere.sql", "db/migration/", "db/migration/V2__second.sql",
                    "db/migration/V1__first.sql", "db/migration/notes/V3__not_a_migration.sql")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write(Files.exists(classes.resolve(name)) ? Files.readAllBytes(classes.resolve(name))
                            : "x".getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader fromJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertEquals(List.of("V1__first.sql", "V2__second.sql"),
                    List.copyOf(SchemaFingerprint.sqlMigrations(fromJar).keySet()));
            assertEquals(fingerprint(classes, List.of(), Map.of()), SchemaFingerprint.of(fromJar, List.of(), Map.of()));
        }
    }

    @Test
    void theServicesOwnMigrationsAreTheOnesFlywayFinds() {
        var listed = SchemaFingerprint.sqlMigrations(Database.class.getClassLoader()).keySet();
        assertEquals(MigrationTest.MIGRATIONS, listed.size() + Database.javaMigrations(true).size(),
                "every migration Flyway applies is in the fingerprint: " + listed);
    }

    private static String fingerprint(Path classes, List<org.flywaydb.core.api.migration.JavaMigration> java,
                                      Map<String, String> placeholders) throws IOException {
        try (URLClassLoader loader = loader(classes)) {
            return SchemaFingerprint.of(loader, java, placeholders);
        }
    }

    private static URLClassLoader loader(Path classes) throws IOException {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    }

    private static void write(Path root, String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
