package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
    private static final String CACHING = "&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=65536"
            + "&useServerPrepStmts=true&useLocalSessionState=true&cacheResultSetMetadata=true"
            + "&cacheServerConfiguration=true&elideSetAutoCommits=true&maintainTimeStats=false";

    @Test
    void utcUtf8AndAConnectTimeoutAreAddedToAMysqlUrl() {
        assertEquals("jdbc:mysql://db:3306/rpa?connectionTimeZone=UTC&useUnicode=true&characterEncoding=UTF-8"
                + "&connectTimeout=5000" + CACHING, JdbcUrls.mysql("jdbc:mysql://db:3306/rpa"));
    }

    @Test
    void optionsTheOperatorSetAreKept() {
        assertEquals("jdbc:mysql://db/rpa?user=x&characterEncoding=latin1&connectTimeout=100"
                        + "&connectionTimeZone=UTC&useUnicode=true" + CACHING,
                JdbcUrls.mysql("jdbc:mysql://db/rpa?user=x&characterEncoding=latin1&connectTimeout=100"));
    }

    @Test
    void passwordsAreMaskedInUrlsShownToPeople() {
        assertEquals("jdbc:mysql://u:****@db/rpa?user=u&password=****&ssl=true",
                JdbcUrls.redact("jdbc:mysql://u:pw@db/rpa?user=u&password=s3cret&ssl=true"));
    }
}
