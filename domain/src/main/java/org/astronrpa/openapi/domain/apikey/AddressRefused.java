package org.astronrpa.openapi.domain.apikey;

import org.astronrpa.openapi.domain.shared.NotPermitted;

/** The caller's API key may be used only from addresses in its {@code allowed_ips}, and this request's is not. */
public final class AddressRefused extends NotPermitted {
    public AddressRefused(String address) {
        super("this API key may not be used from " + (address == null ? "an unknown address" : address)
                + " (see its allowed_ips)");
    }
}
