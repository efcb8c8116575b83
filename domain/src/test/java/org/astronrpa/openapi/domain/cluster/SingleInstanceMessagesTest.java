package org.astronrpa.openapi.domain.cluster;

import org.astronrpa.openapi.domain.contract.InstanceMessagesContract;

/** A single instance has nobody to ask; the contract's "addressed only" and "never throws" is all it promises. */
class SingleInstanceMessagesTest extends InstanceMessagesContract {
    @Override
    protected InstanceMessages instance(String id) {
        return InstanceMessages.SINGLE_INSTANCE;
    }
}
