package org.astronrpa.openapi.adapters.mcp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Times every {@code /mcp} request into {@code http.server.requests} with route {@code /mcp}, as the REST routes are
 * timed: from arrival to the end of its answer — for an answer streamed asynchronously (a tool call's event
 * stream, the listening stream) that is when the stream completes.
 */
final class RequestMetrics implements Filter {
    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (http.isAsyncStarted()) {
                async = true;
                http.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(http.getMethod(), answer.getStatus(), start);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            }
        } finally {
            if (!async) {
                record(http.getMethod(), answer.getStatus(), start);
            }
        }
    }

    private void record(String method, int status, long start) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status")
                .tag("method", method)
                .tag("route", McpSettings.PATH)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
