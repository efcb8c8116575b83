package org.astronrpa.openapi.adapters.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy for tests. Each new connection goes to the first target that accepts it, in the order given: in
 * front of several service instances it is the load balancer a robot reconnects through when one is killed.
 * A test can also {@link #cut()} it (every connection dropped, new ones refused) and {@link #restore()} it: an
 * outage of a server (Redis, say) as its clients see it, without touching the server other tests share.
 */
public final class TcpProxy implements AutoCloseable {
    private final List<InetSocketAddress> targets;
    private final URI redisUrl;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private TcpProxy(List<InetSocketAddress> targets, URI redisUrl) throws IOException {
        this.targets = List.copyOf(targets);
        this.redisUrl = redisUrl;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    /** A proxy to the host and port of a {@code redis://} URL. */
    public static TcpProxy to(String redisUrl) throws IOException {
        URI uri = URI.create(redisUrl);
        return new TcpProxy(List.of(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())), uri);
    }

    /** A fail-over proxy to local ports, tried in this order for each new connection. */
    public static TcpProxy failover(List<Integer> localPorts) throws IOException {
        return new TcpProxy(localPorts.stream()
                .map(port -> new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).toList(), null);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * The proxied server's {@code redis://} URL with the proxy's address in place of the server's: the scheme,
     * credentials, database index and options stay, so clients through the proxy use the same database.
     */
    public String url() {
        if (redisUrl == null) {
            throw new IllegalStateException("a fail-over proxy has no redis:// URL");
        }
        try {
            return new URI(redisUrl.getScheme(), redisUrl.getUserInfo(), "127.0.0.1", port(), redisUrl.getPath(),
                    redisUrl.getQuery(), null).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public void cut() {
        cut = true;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    public void restore() {
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;   // closed
            }
            Socket server = cut ? null : firstAccepting();
            if (server == null) {
                closeQuietly(client);
                continue;
            }
            sockets.add(client);
            sockets.add(server);
            Thread.ofVirtual().start(() -> pump(client, server));
            Thread.ofVirtual().start(() -> pump(server, client));
        }
    }

    private Socket firstAccepting() {
        for (InetSocketAddress target : targets) {
            Socket server = new Socket();
            try {
                server.connect(target, 1000);
                return server;
            } catch (IOException refused) {
                closeQuietly(server);
            }
        }
        return null;
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16_384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        listener.close();
    }
}
