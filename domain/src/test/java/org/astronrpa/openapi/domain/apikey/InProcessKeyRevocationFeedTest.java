package org.astronrpa.openapi.domain.apikey;

import org.astronrpa.openapi.domain.contract.KeyRevocationFeedContract;

class InProcessKeyRevocationFeedTest extends KeyRevocationFeedContract {
    private final KeyRevocationFeed feed = KeyRevocationFeed.inProcess();

    /** One instance hears only itself: every id is this one. */
    @Override
    protected KeyRevocationFeed instance(String id) {
        return feed;
    }
}
