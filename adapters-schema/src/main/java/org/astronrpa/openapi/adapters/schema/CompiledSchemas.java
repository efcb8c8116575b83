package org.astronrpa.openapi.adapters.schema;

import com.networknt.schema.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache of compiled schemas keyed by their JSON text. Compiling happens
 * outside the lock: two threads may compile the same text once each, which is cheaper than serialising.
 */
final class CompiledSchemas {
    private final Map<String, Schema> byText;

    CompiledSchemas(int capacity) {
        this.byText = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
                return size() > capacity;
            }
        };
    }

    Schema get(String text, Function<String, Schema> compile) {
        Schema cached = cached(text);
        return cached != null ? cached : remember(text, compile.apply(text));
    }

    synchronized int size() {
        return byText.size();
    }

    private synchronized Schema cached(String text) {
        return byText.get(text);
    }

    private synchronized Schema remember(String text, Schema compiled) {
        Schema raced = byText.putIfAbsent(text, compiled);
        return raced != null ? raced : compiled;
    }
}
