package org.astronrpa.openapi.adapters.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * Answers {@code /mcp/} as {@code /mcp}, itself, not with a redirect: upstream astron-rpa's n8n node always adds the
 * trailing slash to the endpoint its user gives, and refuses redirects. The SDK's transport serves only request paths
 * ending with the endpoint, so the request goes on to it, and to the filters after this one, as one for {@code /mcp}.
 */
final class TrailingSlash implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getRequestURI().endsWith(McpSettings.PATH + "/")) {
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public String getRequestURI() {
                    String uri = super.getRequestURI();
                    return uri.substring(0, uri.length() - 1);
                }

                @Override
                public StringBuffer getRequestURL() {
                    StringBuffer url = super.getRequestURL();
                    return url.charAt(url.length() - 1) == '/' ? url.deleteCharAt(url.length() - 1) : url;
                }
            }, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
