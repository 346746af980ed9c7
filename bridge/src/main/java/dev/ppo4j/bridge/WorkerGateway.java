package dev.ppo4j.bridge;

import dev.ppo4j.env.WorkerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import py4j.CallbackClient;
import py4j.DefaultGatewayServerListener;
import py4j.Gateway;
import py4j.GatewayServer;

/**
 * One worker's Py4J gateway: listens on 127.0.0.1 on an OS-chosen port, demands a fresh random
 * token, and sets TCP_NODELAY on every socket in both directions (py4j 0.10.9.9 has no option for it,
 * so the socket factories do it). Its accept loop runs on a daemon thread.
 */
final class WorkerGateway {
    private static final SecureRandom RANDOM = new SecureRandom();
    // py4j logs every call at INFO through java.util.logging; keep a strong reference so the level sticks.
    private static final Logger PY4J_LOGGER = Logger.getLogger("py4j");

    static {
        PY4J_LOGGER.setLevel(Level.WARNING);
    }

    private final GatewayServer server;
    private final String token;
    private final AttachPoint attachPoint = new AttachPoint();

    private WorkerGateway(String name) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        // No socket read timeout: the worker watchdog enforces every call's deadline by killing the process,
        // which also holds for startup calls that may take longer than a step's deadline.
        CallbackClient toPython = new CallbackClient(0, InetAddress.getLoopbackAddress(), token,
                CallbackClient.DEFAULT_MIN_CONNECTION_TIME, TimeUnit.SECONDS, NoDelaySocketFactory.INSTANCE, true, 0);
        server = new GatewayServer.GatewayServerBuilder()
                .gateway(new Gateway(attachPoint, toPython))
                .javaPort(0)
                .javaAddress(InetAddress.getLoopbackAddress())
                .serverSocketFactory(NoDelayServerSocketFactory.INSTANCE)
                .authToken(token)
                .build();
        attachPoint.server = server;
        CountDownLatch listening = new CountDownLatch(1);
        server.addListener(new DefaultGatewayServerListener() {
            @Override
            public void serverStarted() {
                listening.countDown();
            }
        });
        Thread acceptLoop = new Thread(() -> server.start(false), name + "-gateway");
        acceptLoop.setDaemon(true);
        acceptLoop.start();
        try {
            listening.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdown();
            throw new WorkerException("Interrupted while starting the Py4J gateway of " + name + ".", e);
        }
    }

    /** Starts a gateway with a new token; the worker attaches through {@link #attached()}. */
    static WorkerGateway open(String name) {
        return new WorkerGateway(name);
    }

    /** The auth token the worker must present. */
    String token() {
        return token;
    }

    /** The port the gateway listens on (127.0.0.1). */
    int getListeningPort() {
        return server.getListeningPort();
    }

    /** Stops listening and closes every connection. */
    void shutdown() {
        server.shutdown();
    }

    /** Completes with the worker's control object once the worker has called {@code attach}. */
    CompletableFuture<WorkerControl> attached() {
        return attachPoint.control;
    }

    /** The port of the worker's callback server, known once attached. */
    int callbackPort() {
        return attachPoint.callbackPort;
    }

    /** The entry point Python sees: the worker hands over its control object and callback port. */
    static final class AttachPoint {
        final CompletableFuture<WorkerControl> control = new CompletableFuture<>();
        volatile int callbackPort;
        GatewayServer server;

        /** Called from Python once its callback server listens. */
        public void attach(WorkerControl workerControl, int port) {
            callbackPort = port;
            server.resetCallbackClient(InetAddress.getLoopbackAddress(), port);
            control.complete(workerControl);
        }
    }

    /** Client sockets (Java to Python) that send without Nagle delays. */
    static final class NoDelaySocketFactory extends SocketFactory {
        static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return connected(new InetSocketAddress(address, port));
        }

        private Socket connected(InetSocketAddress address) throws IOException {
            Socket socket = createSocket();
            socket.connect(address);
            return socket;
        }
    }

    /** Server sockets whose accepted connections (Python to Java) send without Nagle delays. */
    static final class NoDelayServerSocketFactory extends ServerSocketFactory {
        static final NoDelayServerSocketFactory INSTANCE = new NoDelayServerSocketFactory();

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new NoDelayServerSocket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return bound(port, 50, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return bound(port, backlog, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return bound(port, backlog, address);
        }

        private static ServerSocket bound(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket socket = new NoDelayServerSocket();
            socket.bind(new InetSocketAddress(address, port), backlog);
            return socket;
        }
    }

    private static final class NoDelayServerSocket extends ServerSocket {
        NoDelayServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
