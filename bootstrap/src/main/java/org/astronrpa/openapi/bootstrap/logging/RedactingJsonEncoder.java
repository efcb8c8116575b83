package org.astronrpa.openapi.bootstrap.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** Logback's JSON lines, with the formatted message redacted and the raw pattern and arguments left out. */
public final class RedactingJsonEncoder extends JsonEncoder {
    public RedactingJsonEncoder() {
        setWithMessage(false);
        setWithArguments(false);
        setWithFormattedMessage(true);
        setWithContext(false);
        setWithSequenceNumber(false);
        setWithNanoseconds(false);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return super.encode(redacted(event));
    }

    private static ILoggingEvent redacted(ILoggingEvent event) {
        String message = Redaction.apply(event.getFormattedMessage());
        return (ILoggingEvent) Proxy.newProxyInstance(ILoggingEvent.class.getClassLoader(),
                new Class<?>[] {ILoggingEvent.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getFormattedMessage") && method.getParameterCount() == 0) {
                        return message;
                    }
                    try {
                        return method.invoke(event, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
