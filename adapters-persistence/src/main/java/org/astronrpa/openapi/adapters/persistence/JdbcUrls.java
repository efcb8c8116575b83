package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds the JDBC URLs the pool connects with. */
final class JdbcUrls {
    /** Connector/J options we rely on, added unless the operator chose otherwise. */
    private static final List<Map.Entry<String, String>> MYSQL_DEFAULTS = List.of(
            Map.entry("connectionTimeZone", "UTC"),
            Map.entry("useUnicode", "true"),
            Map.entry("characterEncoding", "UTF-8"),
            Map.entry("connectTimeout", "5000"),
            // statement and session caching (HikariCP's recommended Connector/J settings): every API call is a
            // handful of short prepared statements, so re-parsing them would dominate on a busy server; the scheduler's
            // multi-row statements (100 rows of up to 21 columns: up to ~40,000 characters) are cached too, or each
            // batch would prepare them anew on both sides
            Map.entry("cachePrepStmts", "true"),
            Map.entry("prepStmtCacheSize", "250"),
            Map.entry("prepStmtCacheSqlLimit", "65536"),
            Map.entry("useServerPrepStmts", "true"),
            Map.entry("useLocalSessionState", "true"),
            Map.entry("cacheResultSetMetadata", "true"),
            Map.entry("cacheServerConfiguration", "true"),
            Map.entry("elideSetAutoCommits", "true"),
            Map.entry("maintainTimeStats", "false"));
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password\\d?=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

    private JdbcUrls() {
    }

    /**
     * H2 in MySQL mode, comparing text ignoring case; closed by us, not by a JVM shutdown hook. {@code WRITE_DELAY=0}:
     * each commit is written to the file before it returns, so a change the service acknowledged survives the
     * process being killed (SIGKILL, the OOM killer). H2's default writes commits in the background up to half a
     * second later: a kill in that window lost them (found by KilledRelayIT). Like H2 at any setting, it does not
     * force the file to disk: a power cut may still lose the last commits.
     */
    static String h2File(Path dataDir) {
        String base = dataDir.toAbsolutePath().resolve("rpa").toString().replace('\\', '/');
        if (base.indexOf(';') >= 0) {
            throw new IllegalArgumentException("the data directory must not contain ';': " + dataDir);
        }
        return "jdbc:h2:file:" + base + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"
                + ";IGNORECASE=TRUE;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /** The operator's MySQL URL with UTC session times, UTF-8 (utf8mb4) text and a connect timeout added. */
    static String mysql(String url) {
        int mark = url.indexOf('?');
        String query = mark < 0 ? "" : url.substring(mark + 1);
        String missing = MYSQL_DEFAULTS.stream()
                .filter(option -> !hasOption(query, option.getKey()))
                .map(option -> option.getKey() + "=" + option.getValue())
                .collect(Collectors.joining("&"));
        if (missing.isEmpty()) {
            return url;
        }
        String separator = mark < 0 ? "?" : query.isEmpty() || query.endsWith("&") ? "" : "&";
        return url + separator + missing;
    }

    /** The URL with any password in it masked, for logs and messages. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PASSWORD.matcher(url).replaceAll("$1****")).replaceAll("//$1:****@");
    }

    private static boolean hasOption(String query, String name) {
        String key = name.toLowerCase(Locale.ROOT) + "=";
        return ("&" + query.toLowerCase(Locale.ROOT)).contains("&" + key);
    }
}
